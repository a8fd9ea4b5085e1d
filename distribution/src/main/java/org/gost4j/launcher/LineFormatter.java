package org.gost4j.launcher;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.logging.Formatter;
import java.util.logging.LogRecord;

/**
 * One line per record for java.util.logging: {@code 12:00:00.123 INFO    Appliance: message}. The logger's
 * short name keeps lines readable; SimpleFormatter can only print the full name.
 */
public final class LineFormatter extends Formatter {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss.SSS");

    @Override
    public String format(LogRecord record) {
        StringBuilder line = new StringBuilder(128)
                .append(TIME.format(LocalTime.ofInstant(record.getInstant(), ZoneId.systemDefault())))
                .append(' ').append(String.format("%-7s", record.getLevel().getName()))
                .append(' ').append(shortName(record.getLoggerName()))
                .append(": ").append(formatMessage(record))
                .append(System.lineSeparator());
        if (record.getThrown() != null) {
            StringWriter trace = new StringWriter();
            record.getThrown().printStackTrace(new PrintWriter(trace));
            line.append(trace);
        }
        return line.toString();
    }

    /** The logger's simple name, {@code TunnelComponent} for {@code org.gost4j.tunnel.internal.TunnelComponent}. */
    static String shortName(String loggerName) {
        if (loggerName == null) {
            return "-";
        }
        return loggerName.substring(loggerName.lastIndexOf('.') + 1);
    }
}
