package org.gost4j.transport.udp.internal;

import java.io.IOException;
import java.lang.ref.Reference;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.function.Consumer;

import org.gost4j.api.transport.DatagramEndpoint;
import org.gost4j.support.jna.NativeStructs;

/**
 * Opens {@link NativeUdpEndpoint}s: socket, options, bind, connect. The socket is always IPv6 and never
 * IPv6-only, so the bound address decides the family: {@code ::} takes IPv4 (IPv4-mapped) and IPv6, an IPv4
 * address bound IPv4-mapped ({@code ::ffff:0.0.0.0} for 0.0.0.0) IPv4 only.
 */
final class NativeUdpSockets {

    private NativeUdpSockets() {
    }

    /**
     * @param bufferBytes send and receive buffer size, forced past the system maximum when privileged
     * @throws IOException if the socket cannot be made (e.g. the port is taken), with the reason
     */
    static NativeUdpEndpoint open(InetSocketAddress local, InetSocketAddress remote, int bufferBytes,
            Consumer<DatagramEndpoint> onClose, UdpSyscalls syscalls) throws IOException {
        int fd = syscalls.socket(SocketConstants.AF_INET6, SocketConstants.SOCK_DGRAM | SocketConstants.SOCK_CLOEXEC,
                0);
        if (fd < 0) {
            throw new IOException("cannot create a UDP socket: " + syscalls.strerror(-fd));
        }
        try {
            ByteBuffer value = NativeStructs.allocate(4);
            setInt(syscalls, fd, SocketConstants.IPPROTO_IPV6, SocketConstants.IPV6_V6ONLY, 0, value, true);
            if (!setInt(syscalls, fd, SocketConstants.SOL_SOCKET, SocketConstants.SO_RCVBUFFORCE, bufferBytes, value,
                    false)) {
                setInt(syscalls, fd, SocketConstants.SOL_SOCKET, SocketConstants.SO_RCVBUF, bufferBytes, value, true);
            }
            if (!setInt(syscalls, fd, SocketConstants.SOL_SOCKET, SocketConstants.SO_SNDBUFFORCE, bufferBytes, value,
                    false)) {
                setInt(syscalls, fd, SocketConstants.SOL_SOCKET, SocketConstants.SO_SNDBUF, bufferBytes, value, true);
            }
            // Without GRO (an old kernel) every datagram simply arrives on its own.
            setInt(syscalls, fd, SocketConstants.SOL_UDP, SocketConstants.UDP_GRO, 1, value, false);
            ByteBuffer name = NativeStructs.allocate(SocketAddresses.SOCKADDR_IN6_BYTES);
            long nameAddress = syscalls.address(name);
            SocketAddresses.write(local, name);
            int bound = syscalls.bind(fd, nameAddress, SocketAddresses.SOCKADDR_IN6_BYTES);
            if (bound < 0) {
                String message = "cannot bind UDP " + local + ": " + syscalls.strerror(-bound);
                throw -bound == SocketConstants.EADDRINUSE || -bound == SocketConstants.EADDRNOTAVAIL
                        ? new BindException(message) : new IOException(message);
            }
            if (remote != null) {
                if (remote.isUnresolved()) {
                    throw new IOException("cannot resolve " + remote.getHostString());
                }
                SocketAddresses.write(remote, name);
                int connected = syscalls.connect(fd, nameAddress, SocketAddresses.SOCKADDR_IN6_BYTES);
                if (connected < 0) {
                    throw new IOException("cannot connect UDP to " + remote + ": " + syscalls.strerror(-connected));
                }
            }
            ByteBuffer length = NativeStructs.allocate(4);
            length.putInt(0, SocketAddresses.SOCKADDR_IN6_BYTES);
            int named = syscalls.getsockname(fd, nameAddress, syscalls.address(length));
            Reference.reachabilityFence(length); // only its address was used: keep it through the call
            if (named < 0) {
                throw new IOException("getsockname: " + syscalls.strerror(-named));
            }
            return new NativeUdpEndpoint(fd, SocketAddresses.read(name), remote, onClose, syscalls);
        } catch (IOException | RuntimeException e) {
            syscalls.close(fd);
            throw e;
        }
    }

    /** @return whether it worked; if {@code required}, a failure throws instead */
    private static boolean setInt(UdpSyscalls syscalls, int fd, int level, int option, int value, ByteBuffer scratch,
            boolean required) throws IOException {
        scratch.putInt(0, value);
        int set = syscalls.setsockopt(fd, level, option, syscalls.address(scratch), 4);
        Reference.reachabilityFence(scratch);
        if (set == 0) {
            return true;
        }
        if (required) {
            throw new IOException("setsockopt(" + level + ", " + option + "): " + syscalls.strerror(-set));
        }
        return false;
    }
}
