package org.gost4j.launcher;

import java.util.logging.LogManager;

/**
 * Keeps java.util.logging working while the appliance shuts down. JUL's own shutdown hook resets the log manager,
 * which removes every handler while our hook is still stopping tunnels, so their last messages would be lost.
 * Skipping that one reset loses nothing: the console handler flushes every record.
 */
public final class ApplianceLogManager extends LogManager {

    @Override
    public void reset() {
        // JUL's shutdown hook is a thread class nested in LogManager.
        if (Thread.currentThread().getClass().getEnclosingClass() != LogManager.class) {
            super.reset();
        }
    }
}
