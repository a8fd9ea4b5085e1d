package org.gost4j.support.options;

import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.function.Function;

import org.gost4j.api.device.IpNetwork;

/**
 * The kinds of value a tunnel option takes, each read from what any entry point hands over: URL text, a YAML
 * scalar or list, a {@code .cfg} string, a ConfigAdmin property of its own type. One rule and one message per
 * kind.
 */
final class OptionValues {

    private OptionValues() {
    }

    static int integer(String option, Object value, int min, int max) {
        String text = scalar(option, value);
        if (!text.matches("\\d{1,9}")) {
            throw OptionException.bad(option, "'" + text + "' is not a number");
        }
        int number = Integer.parseInt(text);
        if (number < min || number > max) {
            throw OptionException.bad(option, "'" + text + "' is not in " + min + ".." + max);
        }
        return number;
    }

    /** A boolean, or what Go's {@code strconv.ParseBool} accepts as text (so YAML's {@code 1} is true, {@code 2} an error). */
    static boolean bool(String option, Object value) {
        if (value instanceof Boolean b) {
            return b;
        }
        String text = scalar(option, value);
        try {
            return GoBool.parse(text);
        } catch (IllegalArgumentException e) {
            throw OptionException.bad(option, e.getMessage());
        }
    }

    /** A string, or a number written without quotes in YAML. */
    static String scalar(String option, Object value) {
        if (value instanceof String || value instanceof Number || value instanceof Boolean) {
            return value.toString();
        }
        throw OptionException.bad(option, "expected a single value, got " + describe(value));
    }

    /**
     * The items of a list option: a list or array, or text with comma-separated items (as GOST takes both);
     * blanks around items are trimmed and empty items skipped.
     */
    static List<String> items(String option, Object value) {
        List<String> items = new ArrayList<>();
        if (value instanceof String[] array) {
            addItems(option, List.of(array), items);
        } else if (value instanceof Collection<?> collection) {
            addItems(option, collection, items);
        } else {
            for (String item : scalar(option, value).split(",")) {
                if (!item.isBlank()) {
                    items.add(item.trim());
                }
            }
        }
        return items;
    }

    private static void addItems(String option, Collection<?> values, List<String> items) {
        for (Object item : values) {
            String text = scalar(option, item);
            if (!text.isBlank()) {
                items.add(text.trim());
            }
        }
    }

    /** {@code address/prefix}: GOST's interface addresses and routes always carry a prefix. */
    static IpNetwork cidr(String option, String text) {
        if (text.indexOf('/') < 0) {
            throw OptionException.bad(option, "'" + text + "' is not in CIDR form address/prefix (e.g. 192.168.123.1/24)");
        }
        try {
            return IpNetwork.parse(text);
        } catch (IllegalArgumentException e) {
            throw OptionException.bad(option, e.getMessage());
        }
    }

    /** One IP address, no prefix. */
    static InetAddress address(String option, String text) {
        try {
            return address(text);
        } catch (IllegalArgumentException e) {
            throw OptionException.bad(option, e.getMessage());
        }
    }

    /** @throws IllegalArgumentException {@code 'x' is not an IP address} */
    static InetAddress address(String text) {
        try {
            if (text.indexOf('/') < 0) {
                return IpNetwork.parse(text).address();
            }
        } catch (IllegalArgumentException e) {
            // the message below
        }
        throw new IllegalArgumentException("'" + text + "' is not an IP address");
    }

    /** The name of an auther, router or chain ({@link Names}). */
    static String name(String option, Object value) {
        try {
            return Names.check(scalar(option, value).trim());
        } catch (IllegalArgumentException e) {
            throw OptionException.bad(option, e.getMessage());
        }
    }

    /** GOST reads a bare integer as seconds, anything else as a Go duration; at least a millisecond. */
    static Duration seconds(String option, Object value) {
        String text = scalar(option, value);
        return atLeastOneMilli(option, text, duration(option, text, GoDuration::parseOrSeconds));
    }

    /** A ConfigAdmin duration: a number of milliseconds, or a Go duration; at least a millisecond. */
    static Duration millis(String option, Object value) {
        String text = scalar(option, value);
        return atLeastOneMilli(option, text, text.matches("\\d{1,18}") ? Duration.ofMillis(Long.parseLong(text))
                : duration(option, text, GoDuration::parse));
    }

    private static Duration duration(String option, String text, Function<String, Duration> parser) {
        try {
            return parser.apply(text);
        } catch (IllegalArgumentException e) {
            throw OptionException.bad(option, e.getMessage());
        }
    }

    private static Duration atLeastOneMilli(String option, String text, Duration duration) {
        if (duration.toMillis() < 1) {
            throw OptionException.bad(option, "'" + text + "' must be at least 1ms");
        }
        return duration;
    }

    private static String describe(Object value) {
        return value == null ? "nothing" : value instanceof Collection<?> || value instanceof Object[] ? "a list"
                : "a " + value.getClass().getSimpleName();
    }
}
