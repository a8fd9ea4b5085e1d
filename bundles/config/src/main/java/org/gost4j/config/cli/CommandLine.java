package org.gost4j.config.cli;

import java.util.ArrayList;
import java.util.List;

/**
 * The appliance's command line, in GOST's form: {@code -L url} (repeatable), {@code -h}. Like Go's flag package,
 * it accepts {@code -L=url} and {@code --L}.
 */
public final class CommandLine {

    private final List<String> serviceUrls;
    private final List<String> chainUrls;
    private final boolean help;

    private CommandLine(List<String> serviceUrls, List<String> chainUrls, boolean help) {
        this.serviceUrls = List.copyOf(serviceUrls);
        this.chainUrls = List.copyOf(chainUrls);
        this.help = help;
    }

    /**
     * Parses the arguments without interpreting the URLs (see {@link ServiceUrl}).
     *
     * @throws CliException on an unknown or unsupported option, a missing value, or no {@code -L} at all
     */
    public static CommandLine parse(String... args) {
        List<String> urls = new ArrayList<>();
        List<String> chain = new ArrayList<>();
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
                    return new CommandLine(List.of(), List.of(), true);
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
                case "-F" -> {
                    chain.add(value(value, args, i, "-F", "a chain node URL such as relay+wss://SERVER:8443"));
                    if (value == null) {
                        i++;
                    }
                }
                case "-C" -> throw new CliException("-C (configuration file) is not supported yet");
                default -> throw new CliException(arg.startsWith("-")
                        ? "unknown option '" + arg + "'"
                        : "unexpected argument '" + arg + "' (service URLs follow -L)");
            }
        }
        if (urls.isEmpty()) {
            throw new CliException("no service given: use -L url");
        }
        if (chain.size() > 1) {
            throw new CliException("-F is given " + chain.size() + " times; a chain of more than one node is not supported yet");
        }
        return new CommandLine(urls, chain, false);
    }

    /** The {@code -F} value: inline ({@code -F=url}) or the argument after {@code i}. */
    private static String value(String inline, String[] args, int i, String option, String example) {
        if (inline != null) {
            if (inline.isEmpty()) {
                throw new CliException(option + " needs a value: " + example);
            }
            return inline;
        }
        if (i + 1 >= args.length || args[i + 1].isEmpty()) {
            throw new CliException(option + " needs a value: " + example);
        }
        return args[i + 1];
    }

    /** The {@code -L} URLs in command line order; empty when help was asked for. */
    public List<String> serviceUrls() {
        return serviceUrls;
    }

    /** The {@code -F} chain node URLs in command line order (at most one for now). */
    public List<String> chainUrls() {
        return chainUrls;
    }

    /** Whether {@code -h} or {@code --help} was given; then nothing else was looked at. */
    public boolean isHelp() {
        return help;
    }
}
