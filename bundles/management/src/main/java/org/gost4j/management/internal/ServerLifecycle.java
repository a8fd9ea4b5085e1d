package org.gost4j.management.internal;

import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * A management component's own thread for starting and stopping its server. Starting one takes from half a
 * second to seconds (Jolokia's services, a TLS key store, RMI's first export); done inside activate it held up the
 * configuration events queued behind it, so tunnels came up that much later. A daemon: the JVM's exit never
 * waits for it.
 */
public final class ServerLifecycle {

    private static final Logger LOG = System.getLogger(ServerLifecycle.class.getName());
    private static final long STOP_WAIT_SECONDS = 30;

    private final String name;
    private final ExecutorService thread;

    public ServerLifecycle(String name) {
        this.name = name;
        this.thread = Executors.newSingleThreadExecutor(runnable -> {
            Thread daemon = new Thread(runnable, name);
            daemon.setDaemon(true);
            return daemon;
        });
    }

    public void execute(Runnable task) {
        thread.execute(task);
    }

    /** Runs {@code stop} after what is queued, waits for it, and ends the thread. */
    public void close(Runnable stop) throws InterruptedException {
        thread.execute(stop);
        thread.shutdown();
        if (!thread.awaitTermination(STOP_WAIT_SECONDS, TimeUnit.SECONDS)) {
            thread.shutdownNow();
            LOG.log(Level.WARNING, "{0} did not stop within {1} s", name, STOP_WAIT_SECONDS);
        }
    }
}
