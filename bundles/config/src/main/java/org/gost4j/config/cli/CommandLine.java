package org.gost4j.config.cli;

import java.util.ArrayList;
import java.util.List;

import org.gost4j.support.options.GoBool;

/**
 * The appliance's command line, in GOST's form: {@code -L url} (repeatable), {@code -F url} (repeatable: the
 * hops of one chain, in order), {@code -C file}, {@code -metrics [user:pass@]host:port[?path=/metrics]},
 * {@code -D} (debug), {@code -DD} (trace), {@code -V}, {@code -h}. Like Go's flag package, it accepts
 * {@code -L=url}, {@code --L} and {@code -D=false}.
 */
public final class CommandLine {

    private final List<String> serviceUrls;
    private final List<String> chainUrls;
    private final String configFile;
    private final String metrics;
    private final boolean help;
    private final boolean version;
    private final String logLevel;

    private CommandLine(List<String> serviceUrls, List<String> chainUrls, String configFile, String metrics,
            boolean help, boolean version, String logLevel) {
        this.serviceUrls = List.copyOf(serviceUrls);
        this.chainUrls = List.copyOf(chainUrls);
        this.configFile = configFile;
        this.metrics = metrics;
        this.help = help;
        this.version = version;
        this.logLevel = logLevel;
    }

    /**
     * Parses the arguments without interpreting the URLs (see {@link ServiceUrl}).
     *
     * @throws CliException on an unknown or unsupported option, a missing value, or neither {@code -L} nor
     *         {@code -C}
     */
    public static CommandLine parse(String... args) {
        List<String> urls = new ArrayList<>();
        List<String> chain = new ArrayList<>();
        String configFile = null;
        String metrics = null;
        String logLevel = null;
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            // Go's flag package treats --x like -x; GOST users may type either.
            String option = arg.startsWith("--") ? arg.substring(1) : arg;
            String inline = null;
            int eq = option.indexOf('=');
            if (option.startsWith("-") && eq > 0) {
                inline = option.substring(eq + 1);
                option = option.substring(0, eq);
            }
            switch (option) {
                case "-h", "-help" -> {
                    return new CommandLine(List.of(), List.of(), null, null, true, false, null);
                }
                case "-V" -> {
                    return new CommandLine(List.of(), List.of(), null, null, false, true, null);
                }
                case "-D", "-DD" -> {
                    // GOST: -D sets the log level to debug, -DD to trace, over the file's log.level
                    if (flag(inline, option)) {
                        logLevel = option.equals("-DD") || "trace".equals(logLevel) ? "trace" : "debug";
                    }
                    continue;
                }
                case "-L" -> urls.add(value(inline, args, i, "-L", "a service URL such as tun://:8421?net=192.168.123.1/24"));
                case "-F" -> chain.add(value(inline, args, i, "-F", "a chain node URL such as relay+wss://SERVER:8443"));
                case "-C" -> {
                    if (configFile != null) {
                        throw new CliException("-C is given more than once");
                    }
                    configFile = value(inline, args, i, "-C", "a configuration file (.yaml, .yml or .json)");
                }
                case "-metrics" -> {
                    if (metrics != null) {
                        throw new CliException("-metrics is given more than once");
                    }
                    metrics = value(inline, args, i, "-metrics", "an address such as :9000 or user:pass@127.0.0.1:9000");
                }
                default -> throw new CliException(arg.startsWith("-")
                        ? "unknown option '" + arg + "'"
                        : "unexpected argument '" + arg + "' (service URLs follow -L)");
            }
            if (inline == null) {
                i++; // the value was the next argument
            }
        }
        if (urls.isEmpty() && configFile == null) {
            throw new CliException("no service given: use -L url or -C file");
        }
        return new CommandLine(urls, chain, configFile, metrics, false, false, logLevel);
    }

    /** A boolean flag's value as Go's flag package reads it: none is true, else {@code -D=false} and the like. */
    private static boolean flag(String inline, String option) {
        if (inline == null) {
            return true;
        }
        try {
            return GoBool.parse(inline);
        } catch (IllegalArgumentException e) {
            throw new CliException(option + " takes no value other than true or false, not '" + inline + "'");
        }
    }

    /** An option's value: inline ({@code -L=url}) or the argument after {@code i}; never empty. */
    private static String value(String inline, String[] args, int i, String option, String example) {
        String value = inline != null ? inline : i + 1 < args.length ? args[i + 1] : null;
        if (value == null || value.isEmpty()) {
            throw new CliException(option + " needs a value: " + example);
        }
        return value;
    }

    /** The {@code -L} URLs in command line order; empty when help was asked for. */
    public List<String> serviceUrls() {
        return serviceUrls;
    }

    /** The {@code -F} chain node URLs in command line order: the chain's hops. */
    public List<String> chainUrls() {
        return chainUrls;
    }

    /** The {@code -C} file as given, or null. */
    public String configFile() {
        return configFile;
    }

    /** The {@code -metrics} value as given, or null. */
    public String metrics() {
        return metrics;
    }

    /** Whether {@code -h} or {@code --help} was given; then nothing else was looked at. */
    public boolean isHelp() {
        return help;
    }

    /** Whether {@code -V} was given; then nothing after it was looked at. */
    public boolean isVersion() {
        return version;
    }

    /** {@code debug} for {@code -D}, {@code trace} for {@code -DD}, else null (the file's or the default level). */
    public String logLevel() {
        return logLevel;
    }
}
