package org.gost4j.device.linux.internal;

import org.gost4j.support.io.JniLibraries;

/**
 * {@link TunSyscalls} through the bundle's JNI library ({@code src/main/c/tun_syscalls.c}, listed in
 * {@code Bundle-NativeCode}). A JNI call runs much less code than a JNA call: on a virtual machine a quiet
 * tunnel's thread wakes up with cold caches, and there the first JNA call cost 7–9 µs against 3 µs.
 * {@code -Dgost4j.jni=false} turns it off.
 */
final class JniTunSyscalls implements TunSyscalls {

    static final String LIBRARY = "gost4jtun";
    private static final Throwable LOAD_FAILURE = JniLibraries.load(LIBRARY);
    static final JniTunSyscalls INSTANCE = new JniTunSyscalls();

    private JniTunSyscalls() {
    }

    /** Why the library did not load, or null if it did. */
    static Throwable loadFailure() {
        return LOAD_FAILURE;
    }

    @Override
    public long read(int fd, long buffer, long count) {
        return read0(fd, buffer, count);
    }

    @Override
    public long write(int fd, long buffer, long count) {
        return write0(fd, buffer, count);
    }

    @Override
    public long readv(int fd, long iov, int count) {
        return readv0(fd, iov, count);
    }

    @Override
    public long writev(int fd, long iov, int count) {
        return writev0(fd, iov, count);
    }

    @Override
    public long poll(long fds, long count, int timeoutMillis) {
        return poll0(fds, count, timeoutMillis);
    }

    /**
     * The Internet checksum of {@code count} bytes at {@code address}: their sum as big-endian 16-bit words,
     * folded to 16 bits (not complemented); only while {@link #loadFailure()} is null. Not a system call, but
     * the segmenting and joining of TCP payloads spend most of their time in it, and C runs it ten times faster
     * than Java (see {@link InetChecksum}).
     */
    static long checksum(long address, int count) {
        return checksum0(address, count);
    }

    @Override
    public String toString() {
        return "JNI";
    }

    private static native long read0(int fd, long buffer, long count);

    private static native long write0(int fd, long buffer, long count);

    private static native long readv0(int fd, long iov, int count);

    private static native long writev0(int fd, long iov, int count);

    private static native long poll0(long fds, long count, int timeoutMillis);

    private static native long checksum0(long address, int count);
}
