package org.gost4j.support.options;

/**
 * A tunnel option that breaks a rule of {@link TunnelOptions}. The message is the same whichever way the option
 * came in (URL, YAML, {@code .cfg}, JMX); {@link #option()} lets a reader point at where it came from.
 */
public final class OptionException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    private final String option;

    private OptionException(String option, String message) {
        super(message);
        this.option = option;
    }

    /** {@code option NAME: reason}. */
    public static OptionException bad(String option, String reason) {
        return new OptionException(option, "option " + option + ": " + reason);
    }

    /** A message that names the option in its own words (e.g. {@code listen address ':x': ...}). */
    public static OptionException about(String option, String message) {
        return new OptionException(option, message);
    }

    /** The option's name as a URL or a YAML metadata key spells it ({@code buffersize}, {@code listen}). */
    public String option() {
        return option;
    }
}
