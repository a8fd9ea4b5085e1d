package org.gost4j.transport.udp.internal;

/**
 * The socket calls of {@link NativeUdpEndpoint}'s packet path. Each takes native addresses as {@code long} and
 * returns its result, or {@code -errno} when it fails: nothing throws, and no second call fetches errno.
 */
interface UdpSyscalls {

    long recvmsg(int fd, long message, int flags);

    long sendmsg(int fd, long message, int flags);

    long sendto(int fd, long buffer, long length, int flags, long address, int addressLength);

    /** Through this bundle's own JNI library where it loads (see {@link JniUdpSyscalls}), else through JNA. */
    static UdpSyscalls best() {
        return JniUdpSyscalls.loadFailure() == null ? JniUdpSyscalls.INSTANCE : JnaUdpSyscalls.INSTANCE;
    }
}
