package org.gost4j.device.linux.internal;

/**
 * The device calls of {@link LinuxTunDevice}'s packet path. Each takes native addresses as {@code long} and
 * returns its result, or {@code -errno} when it fails: nothing throws, and no second call fetches errno.
 */
interface TunSyscalls {

    long read(int fd, long buffer, long count);

    long write(int fd, long buffer, long count);

    /** {@code iov} is the address of {@code count} {@code struct iovec}. */
    long readv(int fd, long iov, int count);

    long writev(int fd, long iov, int count);

    /** {@code fds} is the address of {@code count} {@code struct pollfd}. */
    long poll(long fds, long count, int timeoutMillis);

    /** Through this bundle's own JNI library where it loads (see {@link JniTunSyscalls}), else through JNA. */
    static TunSyscalls best() {
        return JniTunSyscalls.loadFailure() == null ? JniTunSyscalls.INSTANCE : JnaTunSyscalls.INSTANCE;
    }
}
