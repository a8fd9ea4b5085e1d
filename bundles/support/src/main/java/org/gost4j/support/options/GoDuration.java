package org.gost4j.support.options;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Duration;
import java.util.Map;

/** Go's {@code time.ParseDuration} syntax ({@code 10s}, {@code 1m30s}, {@code 1.5h}, {@code -500ms}). */
public final class GoDuration {

    private static final Map<String, Long> NANOS_PER_UNIT = Map.of(
            "ns", 1L,
            "us", 1_000L,
            "\u00b5s", 1_000L, // micro sign
            "\u03bcs", 1_000L, // Greek mu
            "ms", 1_000_000L,
            "s", 1_000_000_000L,
            "m", 60_000_000_000L,
            "h", 3_600_000_000_000L);

    private static final BigInteger MAX_NANOS = BigInteger.valueOf(Long.MAX_VALUE);

    private GoDuration() {
    }

    /** @throws IllegalArgumentException if {@code text} is not a Go duration or does not fit in 64-bit nanoseconds */
    public static Duration parse(String text) {
        String s = text;
        boolean negative = false;
        if (!s.isEmpty() && (s.charAt(0) == '-' || s.charAt(0) == '+')) {
            negative = s.charAt(0) == '-';
            s = s.substring(1);
        }
        if (s.equals("0")) {
            return Duration.ZERO;
        }
        if (s.isEmpty()) {
            throw invalid(text, "empty");
        }
        BigDecimal nanos = BigDecimal.ZERO;
        int i = 0;
        while (i < s.length()) {
            int numberStart = i;
            while (i < s.length() && (Character.isDigit(s.charAt(i)) || s.charAt(i) == '.')) {
                i++;
            }
            String number = s.substring(numberStart, i);
            if (!number.matches("\\d+(\\.\\d*)?|\\.\\d+")) {
                throw invalid(text, "expected a number at '" + s.substring(numberStart) + "'");
            }
            int unitStart = i;
            while (i < s.length() && !Character.isDigit(s.charAt(i)) && s.charAt(i) != '.') {
                i++;
            }
            String unit = s.substring(unitStart, i);
            Long perUnit = NANOS_PER_UNIT.get(unit);
            if (perUnit == null) {
                throw invalid(text, unit.isEmpty() ? "missing unit after " + number : "unknown unit '" + unit + "'");
            }
            nanos = nanos.add(new BigDecimal(number).multiply(BigDecimal.valueOf(perUnit)));
        }
        // Go truncates fractions of a nanosecond.
        BigInteger whole = nanos.toBigInteger();
        if (whole.compareTo(MAX_NANOS) > 0) {
            throw invalid(text, "out of range");
        }
        Duration d = Duration.ofNanos(whole.longValueExact());
        return negative ? d.negated() : d;
    }

    /**
     * GOST's reading of a duration option (its YAML, its loaders' {@code reload} and timeouts): a bare integer is a
     * number of seconds, anything else a Go duration.
     *
     * @throws IllegalArgumentException as {@link #parse}
     */
    public static Duration parseOrSeconds(String text) {
        return text.matches("\\d{1,9}") ? Duration.ofSeconds(Long.parseLong(text)) : parse(text);
    }

    private static IllegalArgumentException invalid(String text, String reason) {
        return new IllegalArgumentException("'" + text + "' is not a duration such as 10s, 500ms or 1m30s: " + reason);
    }
}
