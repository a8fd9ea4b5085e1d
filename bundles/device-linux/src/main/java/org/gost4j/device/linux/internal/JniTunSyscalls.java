package org.gost4j.device.linux.internal;

import java.nio.ByteBuffer;

import org.gost4j.support.io.JniLibraries;

/**
 * {@link TunSyscalls} through the bundle's JNI library ({@code src/main/c/tun_syscalls.c}, listed in
 * {@code Bundle-NativeCode}). A JNI call runs much less code than a JNA call: on a virtual machine a quiet
 * tunnel's thread wakes up with cold caches, and there the first JNA call cost 7–9 µs against 3 µs. The set-up
 * calls go through it too, so that a process with the library never loads JNA (its first use costs a start
 * 60–120 ms: extracting and loading libjnidispatch, running {@code ldconfig -p}). {@code -Dgost4j.jni=false}
 * turns it off.
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

    @Override
    public long open(String path, int flags) {
        return open0(path, flags);
    }

    @Override
    public long close(int fd) {
        return close0(fd);
    }

    @Override
    public long ioctl(int fd, long request, long argument) {
        return ioctl0(fd, request, argument);
    }

    @Override
    public long eventfd(int initialValue, int flags) {
        return eventfd0(initialValue, flags);
    }

    @Override
    public long interfaceIndex(String name) {
        return interfaceIndex0(name);
    }

    @Override
    public long socket(int domain, int type, int protocol) {
        return socket0(domain, type, protocol);
    }

    @Override
    public long setsockopt(int fd, int level, int name, long value, int length) {
        return setsockopt0(fd, level, name, value, length);
    }

    @Override
    public long send(int fd, long buffer, long length, int flags) {
        return send0(fd, buffer, length, flags);
    }

    @Override
    public long recv(int fd, long buffer, long length, int flags) {
        return recv0(fd, buffer, length, flags);
    }

    @Override
    public String strerror(int errno) {
        return strerror0(errno);
    }

    @Override
    public long address(ByteBuffer direct) {
        long address = address0(direct);
        if (address == 0) {
            throw new IllegalArgumentException("not a direct buffer: " + direct);
        }
        return address;
    }

    @Override
    public int pointerSize() {
        return pointerSize0();
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

    private static native long open0(String path, int flags);

    private static native long close0(int fd);

    private static native long ioctl0(int fd, long request, long argument);

    private static native long eventfd0(int initialValue, int flags);

    private static native long interfaceIndex0(String name);

    private static native long socket0(int domain, int type, int protocol);

    private static native long setsockopt0(int fd, int level, int name, long value, int length);

    private static native long send0(int fd, long buffer, long length, int flags);

    private static native long recv0(int fd, long buffer, long length, int flags);

    private static native String strerror0(int errno);

    private static native long address0(ByteBuffer buffer);

    private static native int pointerSize0();
}
