package org.gost4j.device.linux.internal;

import com.sun.jna.Native;
import com.sun.jna.Platform;

/**
 * The libc calls of {@link JnaTunSyscalls}, where the bundle's JNI library is not there, bound with JNA direct
 * mapping (no proxy, no argument boxing), and libc's constants, which the compiler copies into the code that
 * uses them (so using them loads neither this class nor JNA).
 *
 * <p>Assumes LP64 (64-bit Linux): {@code size_t}, {@code ssize_t}, {@code nfds_t}, {@code unsigned long} and
 * pointers are mapped to {@code long}. Every call returns -1 (0 for {@link #if_nametoindex}) and leaves errno
 * to {@link Native#getLastError()}, so that EAGAIN costs no exception.
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

    static native int open(String path, int flags);

    static native int close(int fd);

    /** {@code arg} is an address or a value, as the request wants (e.g. TUNSETOFFLOAD takes the flags). */
    static native int ioctl(int fd, long request, long arg);

    static native int eventfd(int initval, int flags);

    /** Returns 0 and sets errno if there is no such interface. */
    static native int if_nametoindex(String name);

    static native int socket(int domain, int type, int protocol);

    static native int setsockopt(int fd, int level, int name, long value, int length);

    static native long send(int fd, long buf, long length, int flags);

    static native long recv(int fd, long buf, long length, int flags);

    static native String strerror(int errnum);

    static native long read(int fd, long buf, long count);

    static native long write(int fd, long buf, long count);

    /** {@code iov} is the address of {@code count} {@code struct iovec}. */
    static native long readv(int fd, long iov, int count);

    static native long writev(int fd, long iov, int count);

    /** {@code fds} is the address of {@code nfds} {@code struct pollfd}. */
    static native int poll(long fds, long nfds, int timeoutMillis);
}
