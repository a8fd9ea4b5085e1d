package org.gost4j.tunnel.internal;

import java.nio.channels.ClosedChannelException;
import java.util.List;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

import org.gost4j.api.io.Pollable;

/**
 * A poller for sources without descriptors ({@link QueueDevice}, {@link LoopbackUdp}): it waits a millisecond and
 * calls every watched source ready, so the engine looks at both, as it would after a real wait. The real poller
 * is {@link DescriptorPoller}, tested on its own and end to end.
 */
final class FakePoller implements Poller {

    private final Pollable[] watched = new Pollable[2];
    /** Whether the device has something waiting; null: it is called ready at every wait. */
    private final BooleanSupplier deviceWaiting;
    /** Gets "wait" per wait, if not null. */
    private final List<String> calls;

    private FakePoller(BooleanSupplier deviceWaiting, List<String> calls) {
        this.deviceWaiting = deviceWaiting;
        this.calls = calls;
    }

    static Poller.Factory factory() {
        return () -> new FakePoller(null, null);
    }

    /**
     * Pollers that call the device ready only when {@code deviceWaiting} says so, as {@code poll(2)} would, and
     * record each wait in {@code calls}.
     */
    static Poller.Factory reporting(BooleanSupplier deviceWaiting, List<String> calls) {
        return () -> new FakePoller(deviceWaiting, calls);
    }

    @Override
    public void watch(int source, Pollable pollable) throws ClosedChannelException {
        pollable.acquireDescriptors();
        unwatch(source);
        watched[source - 1] = pollable;
    }

    @Override
    public void unwatch(int source) {
        if (watched[source - 1] != null) {
            watched[source - 1].releaseDescriptors();
            watched[source - 1] = null;
        }
    }

    @Override
    public int await(int timeoutMillis) {
        if (calls != null) {
            calls.add("wait");
        }
        if (timeoutMillis > 0) {
            LockSupport.parkNanos(1_000_000);
        }
        boolean deviceReady = watched[0] != null && (deviceWaiting == null || deviceWaiting.getAsBoolean());
        return (deviceReady ? DEVICE : 0) | (watched[1] != null ? NETWORK : 0);
    }

    @Override
    public void wake() {
        // its waits last a millisecond
    }

    @Override
    public void close() {
        unwatch(DEVICE);
        unwatch(NETWORK);
    }
}
