package org.gost4j.tunnel.internal;

import java.io.IOException;
import java.nio.channels.ClosedChannelException;

import org.gost4j.api.io.Pollable;

/**
 * Waits for the tunnel's two sources at once, its device and its endpoint, so one thread serves both directions:
 * the engine owns it and tells it what to watch; the sources only show their descriptors.
 */
interface Poller extends AutoCloseable {

    /** A ready bit and source slot: the device. */
    int DEVICE = 1;
    /** A ready bit and source slot: the endpoint. */
    int NETWORK = 2;

    /** Watches {@code pollable} as {@code source} ({@link #DEVICE} or {@link #NETWORK}) instead of what was. */
    void watch(int source, Pollable pollable) throws ClosedChannelException;

    /** Stops watching {@code source}, giving its descriptors back. */
    void unwatch(int source);

    /**
     * Waits until a watched source is ready (has data, failed or was closed), or {@code timeoutMillis} passed.
     *
     * @return the ready sources' bits, 0 after the timeout
     */
    int await(int timeoutMillis) throws IOException;

    /** Ends a wait under way (or the next one) at once, from another thread: the tunnel is stopping. */
    void wake();

    /** Unwatches everything. */
    @Override
    void close();

    /** Makes pollers; null where the system has none (see {@link #system}). */
    interface Factory {
        Poller open();
    }

    /** {@link DescriptorPoller}s where the JNI library loaded, else none. */
    static Factory system() {
        return JniPoll.loadFailure() == null ? DescriptorPoller::new : () -> null;
    }
}
