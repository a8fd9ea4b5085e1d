package org.gost4j.transport.udp.internal;

import com.sun.jna.Native;
import com.sun.jna.Platform;

/**
 * The libc socket calls of {@link JnaUdpSyscalls}, where the bundle's JNI library is not there, bound with JNA
 * direct mapping. Every call takes native addresses as {@code long} and returns -1 with errno in
 * {@link Native#getLastError()}. Assumes 64-bit Linux (LP64).
 */
final class LinuxSockets {

    static {
        Native.register(LinuxSockets.class, Platform.C_LIBRARY_NAME);
    }

    private LinuxSockets() {
    }

    static native int socket(int domain, int type, int protocol);

    static native int setsockopt(int fd, int level, int name, long value, int length);

    static native int bind(int fd, long address, int length);

    static native int connect(int fd, long address, int length);

    static native int getsockname(int fd, long address, long lengthPointer);

    static native int recvmmsg(int fd, long messages, int count, int flags, long timeout);

    static native long sendmsg(int fd, long message, int flags);

    static native long sendto(int fd, long buffer, long length, int flags, long address, int addressLength);

    static native int shutdown(int fd, int how);

    static native int close(int fd);

    static native String strerror(int errno);
}
