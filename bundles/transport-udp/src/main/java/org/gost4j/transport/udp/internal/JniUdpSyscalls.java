package org.gost4j.transport.udp.internal;

import org.gost4j.support.io.JniLibraries;

/**
 * {@link UdpSyscalls} through the bundle's JNI library ({@code src/main/c/udp_syscalls.c}, listed in
 * {@code Bundle-NativeCode}). A JNI call runs much less code than a JNA call: on a virtual machine a quiet
 * tunnel's thread wakes up with cold caches, and there the first JNA call cost 7–9 µs against 3 µs.
 * {@code -Dgost4j.jni=false} turns it off.
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
    public long recvmsg(int fd, long message, int flags) {
        return recvmsg0(fd, message, flags);
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
    public String toString() {
        return "JNI";
    }

    private static native long recvmsg0(int fd, long message, int flags);

    private static native long sendmsg0(int fd, long message, int flags);

    private static native long sendto0(int fd, long buffer, long length, int flags, long address, int addressLength);
}
