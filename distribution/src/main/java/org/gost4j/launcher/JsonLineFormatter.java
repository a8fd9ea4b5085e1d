package org.gost4j.launcher;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.logging.Formatter;
import java.util.logging.Level;
import java.util.logging.LogRecord;

/**
 * One JSON object per record, GOST's {@code format: json}:
 * {@code {"time":"2024-05-01T12:00:00.123+02:00","level":"info","msg":"...","logger":"TunnelComponent"}}, with the
 * level names and time form GOST writes; a stack trace goes into {@code "error"}.
 */
public final class JsonLineFormatter extends Formatter {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSXXX")
            .withZone(ZoneId.systemDefault());

    @Override
    public String format(LogRecord record) {
        StringBuilder line = new StringBuilder(160).append("{\"time\":\"").append(TIME.format(record.getInstant()))
                .append("\",\"level\":\"").append(levelName(record.getLevel())).append("\",\"msg\":");
        string(String.valueOf(formatMessage(record)), line);
        line.append(",\"logger\":");
        string(LineFormatter.shortName(record.getLoggerName()), line);
        if (record.getThrown() != null) {
            StringWriter trace = new StringWriter();
            record.getThrown().printStackTrace(new PrintWriter(trace));
            line.append(",\"error\":");
            string(trace.toString(), line);
        }
        return line.append('}').append(System.lineSeparator()).toString();
    }

    /** GOST's level names for java.util.logging's levels. */
    static String levelName(Level level) {
        int value = level.intValue();
        if (value >= Level.SEVERE.intValue()) {
            return "error";
        }
        if (value >= Level.WARNING.intValue()) {
            return "warn";
        }
        if (value >= Level.CONFIG.intValue()) {
            return "info";
        }
        return value >= Level.FINE.intValue() ? "debug" : "trace";
    }

    private static void string(String text, StringBuilder into) {
        into.append('"');
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '"' -> into.append("\\\"");
                case '\\' -> into.append("\\\\");
                case '\n' -> into.append("\\n");
                case '\r' -> into.append("\\r");
                case '\t' -> into.append("\\t");
                default -> {
                    if (c < 0x20) {
                        into.append(String.format("\\u%04x", (int) c));
                    } else {
                        into.append(c);
                    }
                }
            }
        }
        into.append('"');
    }
}
