package org.gost4j.tunnel.internal;

import java.nio.channels.ClosedChannelException;
import java.util.concurrent.locks.LockSupport;

import org.gost4j.api.io.Pollable;

/**
 * A poller for sources without descriptors ({@link QueueDevice}, {@link LoopbackUdp}): it waits a millisecond and
 * calls every watched source ready, so the engine looks at both, as it would after a real wait. The real poller
 * is {@link DescriptorPoller}, tested on its own and end to end.
 */
final class FakePoller implements Poller {

    private final Pollable[] watched = new Pollable[2];

    static Poller.Factory factory() {
        return FakePoller::new;
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
        if (timeoutMillis > 0) {
            LockSupport.parkNanos(1_000_000);
        }
        return (watched[0] != null ? DEVICE : 0) | (watched[1] != null ? NETWORK : 0);
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
