package org.gost4j.device.windows.internal;

import com.sun.jna.Memory;

/** The handle arrays the Windows devices wait on: their own event, then the close event that wakes everyone. */
final class WaitSets {

    private WaitSets() {
    }

    /** Two handles for {@code WaitForMultipleObjects}: {@code event} (index 0) and {@code closeEvent} (index 1). */
    static Memory of(long event, long closeEvent) {
        Memory set = new Memory(16);
        set.setLong(0, event);
        set.setLong(8, closeEvent);
        return set;
    }
}
