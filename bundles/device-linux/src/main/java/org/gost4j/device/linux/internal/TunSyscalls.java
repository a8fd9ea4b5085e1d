package org.gost4j.device.linux.internal;

import java.nio.ByteBuffer;

/**
 * The kernel calls of this driver: {@link LinuxTunDevice}'s packet path, and the set-up of a device (open and
 * attach it, its eventfd, rtnetlink). Each takes native addresses as {@code long} and returns its result, or
 * {@code -errno} when it fails: nothing throws, and no second call fetches errno.
 */
interface TunSyscalls {

    long read(int fd, long buffer, long count);

    long write(int fd, long buffer, long count);

    /** {@code iov} is the address of {@code count} {@code struct iovec}. */
    long readv(int fd, long iov, int count);

    long writev(int fd, long iov, int count);

    /** {@code fds} is the address of {@code count} {@code struct pollfd}. */
    long poll(long fds, long count, int timeoutMillis);

    long open(String path, int flags);

    long close(int fd);

    /** {@code argument} is an address or a value, as {@code request} wants. */
    long ioctl(int fd, long request, long argument);

    long eventfd(int initialValue, int flags);

    /** {@code if_nametoindex}: the index, or {@code -errno} (ENODEV) for no such interface. */
    long interfaceIndex(String name);

    long socket(int domain, int type, int protocol);

    /** {@code value} is the address of {@code length} bytes. */
    long setsockopt(int fd, int level, int name, long value, int length);

    long send(int fd, long buffer, long length, int flags);

    long recv(int fd, long buffer, long length, int flags);

    /** The C library's text for {@code errno}. */
    String strerror(int errno);

    /**
     * The native address of a direct buffer's first byte: a native call, so look it up once.
     *
     * @throws IllegalArgumentException if the buffer is not direct
     */
    long address(ByteBuffer direct);

    /** The size of a C pointer in this process, in bytes. */
    int pointerSize();

    /** Through this bundle's own JNI library where it loads (see {@link JniTunSyscalls}), else through JNA. */
    static TunSyscalls best() {
        return JniTunSyscalls.loadFailure() == null ? JniTunSyscalls.INSTANCE : JnaTunSyscalls.INSTANCE;
    }
}
