package org.gost4j.tunnel.internal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.ClosedChannelException;

import org.gost4j.api.io.Pollable;

/**
 * A {@link Poller} over {@code poll(2)}: the watched sources' descriptors in one {@code struct pollfd} array in a
 * direct buffer, rebuilt only when what is watched changes. Used by one thread; allocates nothing per wait.
 */
final class DescriptorPoller implements Poller {

    private static final int POLLFD_BYTES = 8;
    private static final short POLLIN = 0x1;
    private static final int EINTR = 4;
    private static final int MAX_DESCRIPTORS = 8;

    private final ByteBuffer fds = ByteBuffer.allocateDirect(MAX_DESCRIPTORS * POLLFD_BYTES)
            .order(ByteOrder.nativeOrder());
    private final Pollable[] watched = new Pollable[2];
    private final int[][] descriptors = new int[2][];
    private int deviceEntries;
    private int count;
    /** Wakes a wait from another thread ({@link #wake}); always the last entry. Guarded by {@code this}: -1 once closed. */
    private int wakeFd;

    DescriptorPoller() {
        wakeFd = JniPoll.eventfd();
        if (wakeFd < 0) {
            throw new IllegalStateException("eventfd failed: errno " + -wakeFd);
        }
        layOut();
    }

    @Override
    public void watch(int source, Pollable pollable) throws ClosedChannelException {
        int[] acquired = pollable.acquireDescriptors();
        unwatch(source);
        watched[slot(source)] = pollable;
        descriptors[slot(source)] = acquired;
        layOut();
    }

    @Override
    public void unwatch(int source) {
        Pollable previous = watched[slot(source)];
        if (previous != null) {
            watched[slot(source)] = null;
            descriptors[slot(source)] = null;
            previous.releaseDescriptors();
            layOut();
        }
    }

    /** The device's descriptors first, then the endpoint's. */
    private void layOut() {
        int[] device = descriptors[0] == null ? new int[0] : descriptors[0];
        int[] network = descriptors[1] == null ? new int[0] : descriptors[1];
        if (device.length + network.length + 1 > MAX_DESCRIPTORS) {
            throw new IllegalStateException("more than " + MAX_DESCRIPTORS + " descriptors to poll");
        }
        deviceEntries = device.length;
        count = 0;
        for (int fd : device) {
            entry(fd);
        }
        for (int fd : network) {
            entry(fd);
        }
        entry(wakeFd);
    }

    private void entry(int fd) {
        fds.putInt(count * POLLFD_BYTES, fd);
        fds.putShort(count * POLLFD_BYTES + 4, POLLIN);
        fds.putShort(count * POLLFD_BYTES + 6, (short) 0);
        count++;
    }

    @Override
    public int await(int timeoutMillis) throws IOException {
        int ready = JniPoll.poll(fds, count, timeoutMillis);
        if (ready < 0) {
            if (-ready == EINTR) {
                return 0;
            }
            throw new IOException("poll failed: errno " + -ready);
        }
        int bits = 0;
        for (int i = 0; i < count - 1 && ready > 0; i++) {
            if (fds.getShort(i * POLLFD_BYTES + 6) != 0) {
                bits |= i < deviceEntries ? DEVICE : NETWORK;
            }
        }
        return bits;
    }

    @Override
    public synchronized void wake() {
        if (wakeFd >= 0) {
            JniPoll.signal(wakeFd);
        }
    }

    @Override
    public void close() {
        unwatch(DEVICE);
        unwatch(NETWORK);
        synchronized (this) {
            if (wakeFd >= 0) {
                JniPoll.close(wakeFd);
                wakeFd = -1;
            }
        }
    }

    private static int slot(int source) {
        return source == DEVICE ? 0 : 1;
    }
}
