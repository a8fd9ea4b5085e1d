package org.gost4j.tunnel.internal;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/** The messages logged for a class while open (System.Logger goes to java.util.logging). */
final class LogCapture extends Handler implements AutoCloseable {
    private final Logger logger;
    final List<String> lines = new CopyOnWriteArrayList<>();

    LogCapture(Class<?> type) {
        logger = Logger.getLogger(type.getName());
        logger.addHandler(this);
    }

    @Override
    public void publish(LogRecord record) {
        lines.add(record.getMessage());
    }

    long count(String text) {
        return lines.stream().filter(l -> l.contains(text)).count();
    }

    @Override
    public void flush() {
    }

    @Override
    public void close() {
        logger.removeHandler(this);
    }
}
