package org.gost4j.transport.udp.internal;

import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.Platform;
import com.sun.jna.Pointer;

/** poll(2) on one descriptor, as the device driver does with an endpoint's readiness descriptor. */
final class Poll {

    private static final short POLLIN = 0x1;

    static {
        Native.register(Poll.class, Platform.C_LIBRARY_NAME);
    }

    private Poll() {
    }

    private static native int poll(Pointer fds, long nfds, int timeoutMillis);

    /** Whether {@code descriptor} polls readable (or hung up) within {@code timeoutMillis}. */
    static boolean readable(int descriptor, int timeoutMillis) {
        Memory pollFd = new Memory(8);
        pollFd.setInt(0, descriptor);
        pollFd.setShort(4, POLLIN);
        pollFd.setShort(6, (short) 0);
        return poll(pollFd, 1, timeoutMillis) > 0 && pollFd.getShort(6) != 0;
    }
}
