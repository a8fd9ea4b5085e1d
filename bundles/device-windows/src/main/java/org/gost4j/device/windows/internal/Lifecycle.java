package org.gost4j.device.windows.internal;

import java.nio.channels.ClosedChannelException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import com.sun.jna.Memory;

/**
 * Open/closed state shared by the Windows devices: a manual-reset close event that wakes every waiter, and a
 * reference count (1 for the open device plus one per read or write in progress) so handles are released by
 * the last one out, never under a thread that still uses them.
 */
final class Lifecycle {

    private final Kernel32Api kernel32;
    private final long closeEvent;
    private final Runnable release;
    private final AtomicBoolean closed = new AtomicBoolean();
    private final AtomicInteger references = new AtomicInteger(1);

    Lifecycle(Kernel32Api kernel32, long closeEvent, Runnable release) {
        this.kernel32 = kernel32;
        this.closeEvent = closeEvent;
        this.release = release;
    }

    /** Two handles to wait on: {@code event} (index 0) and the close event (index 1). */
    Memory waitSet(long event) {
        Memory set = new Memory(16);
        set.setLong(0, event);
        set.setLong(8, closeEvent);
        return set;
    }

    void acquire() throws ClosedChannelException {
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

    void release() {
        if (references.decrementAndGet() == 0) {
            release.run();
            kernel32.closeHandle(closeEvent);
        }
    }

    void ensureOpen() throws ClosedChannelException {
        if (closed.get()) {
            throw new ClosedChannelException();
        }
    }

    /** @return true on the first call only */
    boolean close() {
        if (!closed.compareAndSet(false, true)) {
            return false;
        }
        kernel32.setEvent(closeEvent);
        release();
        return true;
    }
}
