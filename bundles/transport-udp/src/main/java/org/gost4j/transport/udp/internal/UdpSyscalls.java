package org.gost4j.transport.udp.internal;

import java.nio.ByteBuffer;

/**
 * The socket calls of {@link NativeUdpSockets} and {@link NativeUdpEndpoint}. Each takes native addresses as
 * {@code long} and returns its result, or {@code -errno} when it fails: nothing throws, and no second call fetches
 * errno. The values they take are {@link SocketConstants}.
 */
interface UdpSyscalls {

    /** {@code messages} is an array of {@code count} {@code struct mmsghdr}; no timeout. */
    int recvmmsg(int fd, long messages, int count, int flags);

    long sendmsg(int fd, long message, int flags);

    long sendto(int fd, long buffer, long length, int flags, long address, int addressLength);

    /** @return the new descriptor */
    int socket(int domain, int type, int protocol);

    int setsockopt(int fd, int level, int name, long value, int length);

    int bind(int fd, long address, int length);

    int connect(int fd, long address, int length);

    /** {@code lengthPointer} is the address of a {@code socklen_t} holding the room at {@code address}. */
    int getsockname(int fd, long address, long lengthPointer);

    int shutdown(int fd, int how);

    int close(int fd);

    /** The C library's text for {@code errno}. */
    String strerror(int errno);

    /**
     * The native address of a direct buffer's first byte; a native call, so look it up once.
     *
     * @throws IllegalArgumentException if the buffer is not direct
     */
    long address(ByteBuffer direct);

    /** Through this bundle's own JNI library where it loads (see {@link JniUdpSyscalls}), else through JNA. */
    static UdpSyscalls best() {
        return JniUdpSyscalls.loadFailure() == null ? JniUdpSyscalls.INSTANCE : JnaUdpSyscalls.INSTANCE;
    }
}
