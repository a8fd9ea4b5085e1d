package org.gost4j.device.linux.internal;

import com.sun.jna.LastErrorException;
import com.sun.jna.Native;
import com.sun.jna.Platform;
import com.sun.jna.Pointer;

/**
 * The libc calls this driver needs, bound with JNA direct mapping (no proxy, no argument boxing).
 *
 * <p>Assumes LP64 (64-bit Linux): {@code size_t}, {@code ssize_t}, {@code nfds_t} and {@code unsigned long}
 * are mapped to {@code long}. The packet-path calls ({@link #read}, {@link #write}, {@link #readv}, {@link #writev},
 * {@link #poll}) serve {@link JnaTunSyscalls} where the JNI library is not there; they take buffer addresses as
 * {@code long}, do not throw, and leave errno to {@link Native#getLastError()} so that EAGAIN costs no exception.
 * The setup calls throw {@link LastErrorException}, whose error code is errno.
 */
final class LibC {

    static final int EINTR = 4;
    static final int EAGAIN = 11;

    static final int O_RDWR = 0x2;
    static final int O_NONBLOCK = 0x800;
    static final int O_CLOEXEC = 0x80000;

    static final int EFD_NONBLOCK = 0x800;
    static final int EFD_CLOEXEC = 0x80000;

    static final short POLLIN = 0x1;
    static final short POLLOUT = 0x4;

    static final int AF_NETLINK = 16;
    static final int SOCK_RAW = 3;
    static final int SOCK_CLOEXEC = 0x80000;
    static final int NETLINK_ROUTE = 0;
    static final int SOL_NETLINK = 270;
    static final int NETLINK_EXT_ACK = 11;

    static {
        Native.register(LibC.class, Platform.C_LIBRARY_NAME);
    }

    private LibC() {
    }

    static native int open(String path, int flags) throws LastErrorException;

    static native int close(int fd) throws LastErrorException;

    static native int ioctl(int fd, long request, Pointer arg) throws LastErrorException;

    /** For requests whose argument is a value, not a pointer (e.g. TUNSETOFFLOAD). */
    static native int ioctl(int fd, long request, long arg) throws LastErrorException;

    static native int eventfd(int initval, int flags) throws LastErrorException;

    /** Returns 0 and sets errno if there is no such interface. */
    static native int if_nametoindex(String name);

    static native int socket(int domain, int type, int protocol) throws LastErrorException;

    static native int setsockopt(int fd, int level, int name, Pointer value, int length) throws LastErrorException;

    static native long send(int fd, Pointer buf, long length, int flags) throws LastErrorException;

    static native long recv(int fd, Pointer buf, long length, int flags) throws LastErrorException;

    static native String strerror(int errnum);

    /** Packet path: returns -1 with errno in {@link Native#getLastError()}. */
    static native long read(int fd, long buf, long count);

    /** Packet path: returns -1 with errno in {@link Native#getLastError()}. */
    static native long write(int fd, long buf, long count);

    /** Packet path: {@code iov} is the address of {@code count} {@code struct iovec}; -1 with errno as for read. */
    static native long readv(int fd, long iov, int count);

    /** Packet path: {@code iov} is the address of {@code count} {@code struct iovec}; -1 with errno as for write. */
    static native long writev(int fd, long iov, int count);

    /** Returns -1 with errno in {@link Native#getLastError()}. */
    static native int poll(Pointer fds, long nfds, int timeoutMillis);

    /** Packet path: {@code fds} is the address of {@code nfds} {@code struct pollfd}; -1 with errno as for read. */
    static native int poll(long fds, long nfds, int timeoutMillis);
}
