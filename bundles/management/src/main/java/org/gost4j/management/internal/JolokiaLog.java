package org.gost4j.management.internal;

import java.lang.System.Logger;
import java.lang.System.Logger.Level;

import org.jolokia.core.api.LogHandler;

/** Jolokia's messages in our log, instead of its own lines on standard output. */
final class JolokiaLog implements LogHandler {

    private static final Logger LOG = System.getLogger("org.jolokia");

    @Override
    public void debug(String message) {
        LOG.log(Level.DEBUG, message);
    }

    @Override
    public void info(String message) {
        LOG.log(Level.DEBUG, message); // its start-up chatter; the endpoint logs its own summary
    }

    @Override
    public void error(String message, Throwable t) {
        LOG.log(Level.WARNING, t == null ? message : message + ": " + t);
    }

    @Override
    public boolean isDebug() {
        return LOG.isLoggable(Level.DEBUG);
    }
}
