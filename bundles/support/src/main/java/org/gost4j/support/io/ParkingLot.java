package org.gost4j.support.io;

import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Open resources (devices, sockets) a driver or transport keeps for a while after their user let go, so the user's
 * next instance (its bundle updated) takes the same one back: kept under the key they were opened with, closed
 * when their linger runs out unclaimed, and all closed when the owner stops. One daemon thread, made at the first
 * park and ended by {@link #closeAll}.
 *
 * @param <K> what identifies a resource for the next open (its spec, its addresses)
 */
public final class ParkingLot<K, V> {

    private static final System.Logger LOG = System.getLogger(ParkingLot.class.getName());

    private record Parked<V>(V resource, ScheduledFuture<?> expiry) {
    }

    private final String owner;
    private final Consumer<V> close;
    /** Guarded by this. */
    private final Map<K, Parked<V>> parked = new HashMap<>();
    private ScheduledExecutorService timer;
    private boolean stopped;

    /** @param owner names the thread and log lines, e.g. {@code linux-devices}; @param close closes a resource */
    public ParkingLot(String owner, Consumer<V> close) {
        this.owner = owner;
        this.close = close;
    }

    /** Keeps {@code resource} for {@code linger}; closes it at once if the owner stopped, or a previous one under the key. */
    public void park(K key, V resource, Duration linger) {
        V replaced = null;
        synchronized (this) {
            if (!stopped) {
                if (timer == null) {
                    ScheduledThreadPoolExecutor executor = new ScheduledThreadPoolExecutor(1, runnable -> {
                        Thread thread = new Thread(runnable, "gost4j-" + owner + "-parking");
                        thread.setDaemon(true);
                        return thread;
                    });
                    executor.setRemoveOnCancelPolicy(true);
                    timer = executor;
                }
                ScheduledFuture<?> expiry = timer.schedule(() -> expire(key, resource), linger.toMillis(),
                        TimeUnit.MILLISECONDS);
                Parked<V> previous = parked.put(key, new Parked<>(resource, expiry));
                if (previous == null) {
                    return;
                }
                previous.expiry().cancel(false);
                replaced = previous.resource();
            } else {
                replaced = resource;
            }
        }
        close.accept(replaced);
    }

    /** The resource parked under {@code key}, now no longer parked; null if none. */
    public synchronized V take(K key) {
        Parked<V> found = parked.remove(key);
        if (found == null) {
            return null;
        }
        found.expiry().cancel(false);
        return found.resource();
    }

    private void expire(K key, V resource) {
        synchronized (this) {
            Parked<V> found = parked.get(key);
            if (found == null || found.resource() != resource) {
                return;
            }
            parked.remove(key);
        }
        LOG.log(Level.INFO, owner + ": " + key + " not taken back in time, closed");
        close.accept(resource);
    }

    /** For the owner's stop: closes every parked resource, refuses further ones, ends the thread. */
    public void closeAll() {
        List<V> left;
        ScheduledExecutorService ended;
        synchronized (this) {
            stopped = true;
            left = new ArrayList<>();
            parked.values().forEach(p -> {
                p.expiry().cancel(false);
                left.add(p.resource());
            });
            parked.clear();
            ended = timer;
        }
        left.forEach(close);
        if (ended != null) {
            ended.shutdownNow();
            try {
                ended.awaitTermination(1, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
