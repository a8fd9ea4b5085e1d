package org.gost4j.transport.udp.internal;

/** The Linux values (LP64) that {@link UdpSyscalls} take and return: families, options, flags and errnos. */
final class SocketConstants {

    static final int AF_INET6 = 10;
    static final int SOCK_DGRAM = 2;
    static final int SOCK_CLOEXEC = 0x80000;
    static final int SOL_SOCKET = 1;
    static final int SO_SNDBUF = 7;
    static final int SO_RCVBUF = 8;
    static final int SO_SNDBUFFORCE = 32;
    static final int SO_RCVBUFFORCE = 33;
    static final int IPPROTO_IPV6 = 41;
    static final int IPV6_V6ONLY = 26;
    static final int SOL_UDP = 17;
    /** {@code linux/udp.h}: a cmsg carrying the segment size of a GSO send (uint16). */
    static final int UDP_SEGMENT = 103;
    /** {@code linux/udp.h}: receive coalesced datagrams, with their segment size in a cmsg (int). */
    static final int UDP_GRO = 104;
    static final int SHUT_RDWR = 2;
    static final int MSG_DONTWAIT = 0x40;
    /** {@code recvmmsg}: wait for the first message only. */
    static final int MSG_WAITFORONE = 0x10000;

    static final int EINTR = 4;
    static final int EIO = 5;
    static final int EAGAIN = 11;
    static final int EINVAL = 22;
    static final int EMSGSIZE = 90;
    static final int ENOPROTOOPT = 92;
    static final int EOPNOTSUPP = 95;
    static final int EADDRINUSE = 98;
    static final int EADDRNOTAVAIL = 99;
    static final int ECONNREFUSED = 111;

    private SocketConstants() {
    }
}
