package org.gost4j.management.internal.http;

import java.time.Duration;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.Future;
import java.util.concurrent.FutureTask;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs the JDK HttpServer's exchanges on a few threads, each within a deadline. The server reads a request on the
 * thread that handles it, with blocking reads and no timeout: with Jolokia's single thread, one client that
 * announced a body and never sent it held every other request until it closed its socket. Here a stuck exchange
 * holds one thread of several, and at its deadline that thread is interrupted, which closes the channel it blocks
 * on (the exchange ends with an IOException and the server drops the connection). Idle connections hold no thread:
 * the server's selector watches them. When every thread is busy and the queue is full, the server closes new
 * connections at once.
 *
 * <p>Timeouts through the JDK's {@code sun.net.httpserver.*} system properties would do part of this, but they
 * are read once per JVM and apply to every HttpServer in it, also those of a Karaf or Equinox we are embedded in.
 */
final class DeadlineExecutor implements Executor {

    private final ThreadPoolExecutor workers;
    private final ScheduledThreadPoolExecutor deadlines;
    private final long deadlineMillis;

    DeadlineExecutor(String name, int threads, int queued, Duration deadline) {
        this.deadlineMillis = deadline.toMillis();
        this.workers = new ThreadPoolExecutor(threads, threads, 30, TimeUnit.SECONDS,
                new ArrayBlockingQueue<>(queued), daemons(name + "-"));
        workers.allowCoreThreadTimeOut(true);
        this.deadlines = new ScheduledThreadPoolExecutor(1, daemons(name + "-deadlines"));
        deadlines.setRemoveOnCancelPolicy(true);
    }

    @Override
    public void execute(Runnable exchange) {
        Deadlined task = new Deadlined(exchange);
        task.deadline = deadlines.schedule(() -> task.cancel(true), deadlineMillis, TimeUnit.MILLISECONDS);
        try {
            workers.execute(task);
        } catch (RejectedExecutionException e) {
            task.deadline.cancel(false);
            throw e; // the server closes the connection
        }
    }

    /** Interrupts the running exchanges and waits for the threads to end. */
    void shutdown(Duration wait) throws InterruptedException {
        deadlines.shutdownNow();
        workers.shutdownNow();
        workers.awaitTermination(wait.toMillis(), TimeUnit.MILLISECONDS);
        deadlines.awaitTermination(wait.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** An exchange that cancels its own deadline when it ends. */
    private static final class Deadlined extends FutureTask<Void> {

        volatile Future<?> deadline;

        Deadlined(Runnable exchange) {
            super(exchange, null);
        }

        @Override
        protected void done() {
            Future<?> pending = deadline;
            if (pending != null) {
                pending.cancel(false);
            }
        }
    }

    private static ThreadFactory daemons(String prefix) {
        AtomicInteger count = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, prefix.endsWith("-") ? prefix + count.incrementAndGet() : prefix);
            thread.setDaemon(true);
            return thread;
        };
    }
}
