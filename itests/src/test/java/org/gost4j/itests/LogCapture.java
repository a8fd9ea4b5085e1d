package org.gost4j.itests;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;

/**
 * What a logger and its children log through java.util.logging (where {@link System.Logger} goes unless a
 * container installs another backend) while open: in a test running inside the same framework as gost4j's
 * bundles, it reads the lines the appliance would write to its log.
 */
final class LogCapture extends Handler implements AutoCloseable {

    private final SimpleFormatter formatter = new SimpleFormatter();
    private final List<String> lines = new CopyOnWriteArrayList<>();
    /** Held strongly: java.util.logging keeps loggers only weakly, and with them a level set here. */
    private final Logger logger;
    private final Level previousLevel;

    private LogCapture(Logger logger) {
        this.logger = logger;
        this.previousLevel = logger.getLevel();
    }

    /** Captures INFO and above from {@code name} and below (a container may have set a higher level). */
    static LogCapture of(String name) {
        LogCapture capture = new LogCapture(Logger.getLogger(name));
        capture.logger.setLevel(Level.INFO);
        capture.logger.addHandler(capture);
        return capture;
    }

    @Override
    public void publish(LogRecord record) {
        lines.add(record.getLevel() + " " + record.getLoggerName() + ": " + formatter.formatMessage(record));
    }

    List<String> lines() {
        return List.copyOf(lines);
    }

    boolean anyLine(java.util.function.Predicate<String> test) {
        return lines.stream().anyMatch(test);
    }

    @Override
    public void flush() {
    }

    @Override
    public void close() {
        logger.removeHandler(this);
        logger.setLevel(previousLevel);
    }
}
