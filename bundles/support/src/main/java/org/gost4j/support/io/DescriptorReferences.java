package org.gost4j.support.io;

import java.nio.channels.ClosedChannelException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Open/closed state of native descriptors that several threads use at once: one reference for the open object
 * plus one per call in progress. The last one out runs the release action, so a descriptor is never closed (and
 * its number reused) under a call that still uses it.
 */
public final class DescriptorReferences {

    private final AtomicBoolean closed = new AtomicBoolean();
    private final AtomicInteger references = new AtomicInteger(1);
    private final Runnable releaseDescriptors;

    /** @param releaseDescriptors closes the descriptors; runs once, on the thread that drops the last reference */
    public DescriptorReferences(Runnable releaseDescriptors) {
        this.releaseDescriptors = releaseDescriptors;
    }

    /** Takes a reference for a call; pair with {@link #release} in a {@code finally}. */
    public void acquire() throws ClosedChannelException {
        while (true) {
            int count = references.get();
            if (count == 0 || closed.get()) {
                throw new ClosedChannelException();
            }
            if (references.compareAndSet(count, count + 1)) {
                return;
            }
        }
    }

    public void release() {
        if (references.decrementAndGet() == 0) {
            releaseDescriptors.run();
        }
    }

    public boolean isClosed() {
        return closed.get();
    }

    public void ensureOpen() throws ClosedChannelException {
        if (closed.get()) {
            throw new ClosedChannelException();
        }
    }

    /**
     * Marks the object closed, runs {@code wakeBlockedCalls} (so calls waiting in the kernel return and release
     * their references) and drops the open reference.
     *
     * @return true on the first call only
     */
    public boolean close(Runnable wakeBlockedCalls) {
        if (!closed.compareAndSet(false, true)) {
            return false;
        }
        wakeBlockedCalls.run();
        release();
        return true;
    }
}
