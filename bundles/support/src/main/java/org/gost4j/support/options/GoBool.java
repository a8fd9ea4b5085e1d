package org.gost4j.support.options;

/** Go's {@code strconv.ParseBool}, which GOST's URL options, metadata and flags go through. */
public final class GoBool {

    private GoBool() {
    }

    /** @throws IllegalArgumentException {@code 'x' is not true or false} */
    public static boolean parse(String text) {
        return switch (text) {
            case "1", "t", "T", "true", "TRUE", "True" -> true;
            case "0", "f", "F", "false", "FALSE", "False" -> false;
            default -> throw new IllegalArgumentException("'" + text + "' is not true or false");
        };
    }
}
