package org.gost4j.support.testing;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * For the bundles' own tests: the messages logged for a class while open ({@link System.Logger} goes to
 * java.util.logging outside a container).
 */
public final class LogCapture extends Handler implements AutoCloseable {

    /** Held strongly: java.util.logging keeps loggers only weakly, and with them the handler added here. */
    private final Logger logger;
    public final List<String> lines = new CopyOnWriteArrayList<>();

    public LogCapture(Class<?> type) {
        logger = Logger.getLogger(type.getName());
        logger.addHandler(this);
    }

    @Override
    public void publish(LogRecord record) {
        lines.add(record.getMessage());
    }

    /** How many lines contain {@code text}. */
    public long count(String text) {
        return lines.stream().filter(line -> line.contains(text)).count();
    }

    /** Whether a line containing {@code text} is logged within {@code millis}. */
    public boolean await(String text, long millis) throws InterruptedException {
        long deadline = System.currentTimeMillis() + millis;
        while (System.currentTimeMillis() < deadline) {
            if (count(text) > 0) {
                return true;
            }
            Thread.sleep(50);
        }
        return false;
    }

    @Override
    public void flush() {
    }

    @Override
    public void close() {
        logger.removeHandler(this);
    }
}
