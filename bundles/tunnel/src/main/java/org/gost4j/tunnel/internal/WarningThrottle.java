package org.gost4j.tunnel.internal;

import java.lang.System.Logger;
import java.lang.System.Logger.Level;

/** Logs a recurring warning at most once per interval, so a fault on the packet path cannot flood the log. */
final class WarningThrottle {

    private static final long INTERVAL_MILLIS = 10_000;

    private final Logger log;
    private volatile long nextAllowedMillis;

    WarningThrottle(Logger log) {
        this.log = log;
    }

    void warn(String message, Throwable cause) {
        warn(message + ": " + cause);
    }

    void warn(String message) {
        long now = System.currentTimeMillis();
        if (now >= nextAllowedMillis) {
            nextAllowedMillis = now + INTERVAL_MILLIS;
            log.log(Level.WARNING, message);
        }
    }
}
