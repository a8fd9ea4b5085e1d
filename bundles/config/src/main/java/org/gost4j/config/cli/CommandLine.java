package org.gost4j.config.cli;

import java.util.ArrayList;
import java.util.List;

/**
 * The appliance's command line, in GOST's form: {@code -L url} (repeatable), {@code -C file}, {@code -h}. Like Go's
 * flag package, it accepts {@code -L=url} and {@code --L}.
 */
public final class CommandLine {

    private final List<String> serviceUrls;
    private final String configFile;
    private final boolean help;

    private CommandLine(List<String> serviceUrls, String configFile, boolean help) {
        this.serviceUrls = List.copyOf(serviceUrls);
        this.configFile = configFile;
        this.help = help;
    }

    /**
     * Parses the arguments without interpreting the URLs (see {@link ServiceUrl}).
     *
     * @throws CliException on an unknown or unsupported option, a missing value, or neither {@code -L} nor {@code -C}
     */
    public static CommandLine parse(String... args) {
        List<String> urls = new ArrayList<>();
        String configFile = null;
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            // Go's flag package treats --x like -x; GOST users may type either.
            String option = arg.startsWith("--") ? arg.substring(1) : arg;
            String value = null;
            int eq = option.indexOf('=');
            if (option.startsWith("-") && eq > 0) {
                value = option.substring(eq + 1);
                option = option.substring(0, eq);
            }
            switch (option) {
                case "-h", "-help" -> {
                    return new CommandLine(List.of(), null, true);
                }
                case "-L" -> {
                    if (value == null) {
                        if (i + 1 >= args.length) {
                            throw new CliException("-L needs a value: a service URL such as tun://:8421?net=192.168.123.1/24");
                        }
                        value = args[++i];
                    }
                    if (value.isEmpty()) {
                        throw new CliException("-L needs a value: the service URL is empty");
                    }
                    urls.add(value);
                }
                case "-F" -> throw new CliException("-F (chains) is not supported yet");
                case "-C" -> {
                    if (value == null) {
                        if (i + 1 >= args.length) {
                            throw new CliException("-C needs a value: a configuration file (.yaml, .yml or .json)");
                        }
                        value = args[++i];
                    }
                    if (value.isEmpty()) {
                        throw new CliException("-C needs a value: the file name is empty");
                    }
                    if (configFile != null) {
                        throw new CliException("-C is given more than once");
                    }
                    configFile = value;
                }
                default -> throw new CliException(arg.startsWith("-")
                        ? "unknown option '" + arg + "'"
                        : "unexpected argument '" + arg + "' (service URLs follow -L)");
            }
        }
        if (urls.isEmpty() && configFile == null) {
            throw new CliException("no service given: use -L url or -C file");
        }
        return new CommandLine(urls, configFile, false);
    }

    /** The {@code -C} file as given, or null. */
    public String configFile() {
        return configFile;
    }

    /** The {@code -L} URLs in command line order; empty when help was asked for. */
    public List<String> serviceUrls() {
        return serviceUrls;
    }

    /** Whether {@code -h} or {@code --help} was given; then nothing else was looked at. */
    public boolean isHelp() {
        return help;
    }
}
