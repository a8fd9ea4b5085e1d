package org.gost4j.transport.udp.internal;

import java.io.IOException;
import java.lang.ref.Reference;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.function.Consumer;

import com.sun.jna.Native;

import org.gost4j.support.jna.NativeStructs;
import org.gost4j.api.transport.DatagramEndpoint;

/**
 * Opens {@link NativeUdpEndpoint}s: socket, options, bind, connect. The socket is always IPv6 and never
 * IPv6-only, so the bound address decides the family: {@code ::} takes IPv4 (IPv4-mapped) and IPv6, an IPv4
 * address bound IPv4-mapped ({@code ::ffff:0.0.0.0} for 0.0.0.0) IPv4 only.
 */
final class NativeUdpSockets {

    private static final int EADDRINUSE = 98;
    private static final int EADDRNOTAVAIL = 99;

    private NativeUdpSockets() {
    }

    /**
     * @param bufferBytes send and receive buffer size, forced past the system maximum when privileged
     * @throws IOException if the socket cannot be made (e.g. the port is taken), with the reason
     */
    static NativeUdpEndpoint open(InetSocketAddress local, InetSocketAddress remote, int bufferBytes,
            Consumer<DatagramEndpoint> onClose, UdpSyscalls syscalls) throws IOException {
        int fd = LinuxSockets.socket(LinuxSockets.AF_INET6, LinuxSockets.SOCK_DGRAM | LinuxSockets.SOCK_CLOEXEC, 0);
        if (fd < 0) {
            throw new IOException("cannot create a UDP socket: " + LinuxSockets.strerror(Native.getLastError()));
        }
        try {
            ByteBuffer value = NativeStructs.allocate(4);
            setInt(fd, LinuxSockets.IPPROTO_IPV6, LinuxSockets.IPV6_V6ONLY, 0, value, true);
            if (!setInt(fd, LinuxSockets.SOL_SOCKET, LinuxSockets.SO_RCVBUFFORCE, bufferBytes, value, false)) {
                setInt(fd, LinuxSockets.SOL_SOCKET, LinuxSockets.SO_RCVBUF, bufferBytes, value, true);
            }
            if (!setInt(fd, LinuxSockets.SOL_SOCKET, LinuxSockets.SO_SNDBUFFORCE, bufferBytes, value, false)) {
                setInt(fd, LinuxSockets.SOL_SOCKET, LinuxSockets.SO_SNDBUF, bufferBytes, value, true);
            }
            // Without GRO (an old kernel) every datagram simply arrives on its own.
            setInt(fd, LinuxSockets.SOL_UDP, LinuxSockets.UDP_GRO, 1, value, false);
            ByteBuffer name = NativeStructs.allocate(SocketAddresses.SOCKADDR_IN6_BYTES);
            long nameAddress = NativeStructs.address(name);
            SocketAddresses.write(local, name);
            if (LinuxSockets.bind(fd, nameAddress, SocketAddresses.SOCKADDR_IN6_BYTES) < 0) {
                int errno = Native.getLastError();
                String message = "cannot bind UDP " + local + ": " + LinuxSockets.strerror(errno);
                throw errno == EADDRINUSE || errno == EADDRNOTAVAIL ? new BindException(message) : new IOException(message);
            }
            if (remote != null) {
                if (remote.isUnresolved()) {
                    throw new IOException("cannot resolve " + remote.getHostString());
                }
                SocketAddresses.write(remote, name);
                if (LinuxSockets.connect(fd, nameAddress, SocketAddresses.SOCKADDR_IN6_BYTES) < 0) {
                    throw new IOException("cannot connect UDP to " + remote + ": "
                            + LinuxSockets.strerror(Native.getLastError()));
                }
            }
            ByteBuffer length = NativeStructs.allocate(4);
            length.putInt(0, SocketAddresses.SOCKADDR_IN6_BYTES);
            int named = LinuxSockets.getsockname(fd, nameAddress, NativeStructs.address(length));
            Reference.reachabilityFence(length); // only its address was used: keep it through the call
            if (named < 0) {
                throw new IOException("getsockname: " + LinuxSockets.strerror(Native.getLastError()));
            }
            return new NativeUdpEndpoint(fd, SocketAddresses.read(name), remote, onClose, syscalls);
        } catch (IOException | RuntimeException e) {
            LinuxSockets.close(fd);
            throw e;
        }
    }

    /** @return whether it worked; if {@code required}, a failure throws instead */
    private static boolean setInt(int fd, int level, int option, int value, ByteBuffer scratch, boolean required)
            throws IOException {
        scratch.putInt(0, value);
        int set = LinuxSockets.setsockopt(fd, level, option, NativeStructs.address(scratch), 4);
        Reference.reachabilityFence(scratch);
        if (set == 0) {
            return true;
        }
        if (required) {
            throw new IOException("setsockopt(" + level + ", " + option + "): "
                    + LinuxSockets.strerror(Native.getLastError()));
        }
        return false;
    }
}
