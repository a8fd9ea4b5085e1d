package org.gost4j.device.windows.internal;

import java.nio.channels.ClosedChannelException;

import com.sun.jna.Memory;

import org.gost4j.support.io.DescriptorReferences;

/**
 * Open/closed state shared by the Windows devices: a manual-reset close event that wakes every waiter, and a
 * reference count (1 for the open device plus one per read or write in progress) so handles are released by
 * the last one out, never under a thread that still uses them.
 */
final class Lifecycle {

    private final Kernel32Api kernel32;
    private final long closeEvent;
    private final DescriptorReferences references;

    Lifecycle(Kernel32Api kernel32, long closeEvent, Runnable release) {
        this.kernel32 = kernel32;
        this.closeEvent = closeEvent;
        this.references = new DescriptorReferences(() -> {
            release.run();
            kernel32.closeHandle(closeEvent);
        });
    }

    /** Two handles to wait on: {@code event} (index 0) and the close event (index 1). */
    Memory waitSet(long event) {
        Memory set = new Memory(16);
        set.setLong(0, event);
        set.setLong(8, closeEvent);
        return set;
    }

    void acquire() throws ClosedChannelException {
        references.acquire();
    }

    void release() {
        references.release();
    }

    void ensureOpen() throws ClosedChannelException {
        references.ensureOpen();
    }

    /** @return true on the first call only */
    boolean close() {
        return references.close(() -> kernel32.setEvent(closeEvent));
    }
}
