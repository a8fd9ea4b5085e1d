package org.gost4j.transport.udp.internal;

import java.nio.ByteBuffer;

import org.gost4j.support.io.JniLibraries;

/**
 * {@link UdpSyscalls} through the bundle's JNI library ({@code src/main/c/udp_syscalls.c}, listed in
 * {@code Bundle-NativeCode}). A JNI call runs much less code than a JNA call: on a virtual machine a quiet
 * tunnel's thread wakes up with cold caches, and there the first JNA call cost 7–9 µs against 3 µs. Opening and
 * closing sockets go through it too, so a bundle with its library loads no JNA class at all (JNA's first use
 * costs a start tens of milliseconds). {@code -Dgost4j.jni=false} turns it off.
 */
final class JniUdpSyscalls implements UdpSyscalls {

    static final String LIBRARY = "gost4judp";
    private static final Throwable LOAD_FAILURE = JniLibraries.load(LIBRARY);
    static final JniUdpSyscalls INSTANCE = new JniUdpSyscalls();

    private JniUdpSyscalls() {
    }

    /** Why the library did not load, or null if it did. */
    static Throwable loadFailure() {
        return LOAD_FAILURE;
    }

    @Override
    public int recvmmsg(int fd, long messages, int count, int flags) {
        return recvmmsg0(fd, messages, count, flags);
    }

    @Override
    public long sendmsg(int fd, long message, int flags) {
        return sendmsg0(fd, message, flags);
    }

    @Override
    public long sendto(int fd, long buffer, long length, int flags, long address, int addressLength) {
        return sendto0(fd, buffer, length, flags, address, addressLength);
    }

    @Override
    public int socket(int domain, int type, int protocol) {
        return socket0(domain, type, protocol);
    }

    @Override
    public int setsockopt(int fd, int level, int name, long value, int length) {
        return setsockopt0(fd, level, name, value, length);
    }

    @Override
    public int bind(int fd, long address, int length) {
        return bind0(fd, address, length);
    }

    @Override
    public int connect(int fd, long address, int length) {
        return connect0(fd, address, length);
    }

    @Override
    public int getsockname(int fd, long address, long lengthPointer) {
        return getsockname0(fd, address, lengthPointer);
    }

    @Override
    public int shutdown(int fd, int how) {
        return shutdown0(fd, how);
    }

    @Override
    public int close(int fd) {
        return close0(fd);
    }

    @Override
    public String strerror(int errno) {
        return strerror0(errno);
    }

    @Override
    public long address(ByteBuffer direct) {
        long address = direct.isDirect() ? address0(direct) : 0;
        if (address == 0) {
            throw new IllegalArgumentException("not a direct buffer: " + direct);
        }
        return address;
    }

    @Override
    public String toString() {
        return "JNI";
    }

    private static native int recvmmsg0(int fd, long messages, int count, int flags);

    private static native long sendmsg0(int fd, long message, int flags);

    private static native long sendto0(int fd, long buffer, long length, int flags, long address, int addressLength);

    private static native int socket0(int domain, int type, int protocol);

    private static native int setsockopt0(int fd, int level, int name, long value, int length);

    private static native int bind0(int fd, long address, int length);

    private static native int connect0(int fd, long address, int length);

    private static native int getsockname0(int fd, long address, long lengthPointer);

    private static native int shutdown0(int fd, int how);

    private static native int close0(int fd);

    private static native String strerror0(int errno);

    private static native long address0(ByteBuffer direct);
}
