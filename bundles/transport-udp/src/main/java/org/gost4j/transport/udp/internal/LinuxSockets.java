package org.gost4j.transport.udp.internal;

import com.sun.jna.Native;
import com.sun.jna.Platform;

/**
 * The libc socket calls of {@link NativeUdpSockets} and, where the JNI library is not there, of the packet path
 * ({@link JnaUdpSyscalls}), bound with JNA direct mapping. Every call takes native
 * addresses as {@code long} and returns -1 with errno in {@link Native#getLastError()}: no call throws, so a
 * would-be exception costs nothing on the packet path. Assumes 64-bit Linux (LP64).
 */
final class LinuxSockets {

    static final int AF_INET6 = 10;
    static final int SOCK_DGRAM = 2;
    static final int SOCK_CLOEXEC = 0x80000;
    static final int SOL_SOCKET = 1;
    static final int SO_SNDBUF = 7;
    static final int SO_RCVBUF = 8;
    static final int SO_SNDBUFFORCE = 32;
    static final int SO_RCVBUFFORCE = 33;
    static final int IPPROTO_IPV6 = 41;
    static final int IPV6_V6ONLY = 26;
    static final int SOL_UDP = 17;
    /** {@code linux/udp.h}: a cmsg carrying the segment size of a GSO send (uint16). */
    static final int UDP_SEGMENT = 103;
    /** {@code linux/udp.h}: receive coalesced datagrams, with their segment size in a cmsg (int). */
    static final int UDP_GRO = 104;
    static final int SHUT_RDWR = 2;
    static final int MSG_TRUNC = 0x20;
    static final int MSG_DONTWAIT = 0x40;

    static final int EINTR = 4;
    static final int EIO = 5;
    static final int EAGAIN = 11;
    static final int EINVAL = 22;
    static final int EMSGSIZE = 90;
    static final int ENOPROTOOPT = 92;
    static final int EOPNOTSUPP = 95;
    static final int ECONNREFUSED = 111;

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

    static native long recvmsg(int fd, long message, int flags);

    static native long sendmsg(int fd, long message, int flags);

    static native long sendto(int fd, long buffer, long length, int flags, long address, int addressLength);

    static native int shutdown(int fd, int how);

    static native int close(int fd);

    static native String strerror(int errno);
}
