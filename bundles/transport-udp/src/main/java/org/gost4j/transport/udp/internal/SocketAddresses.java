package org.gost4j.transport.udp.internal;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;

import com.sun.jna.Memory;

/**
 * {@code struct sockaddr_in6} in native memory: IPv4 addresses travel as IPv4-mapped IPv6 addresses on the
 * dual-stack socket and come back as {@link Inet4Address}, as the JDK reports them.
 */
final class SocketAddresses {

    static final int SOCKADDR_IN6_BYTES = 28;
    private static final int PORT = 2;
    private static final int ADDRESS = 8;
    private static final int SCOPE_ID = 24;

    private SocketAddresses() {
    }

    static void write(InetSocketAddress socketAddress, Memory into) {
        into.clear(SOCKADDR_IN6_BYTES);
        into.setShort(0, (short) LinuxSockets.AF_INET6);
        into.setByte(PORT, (byte) (socketAddress.getPort() >>> 8));
        into.setByte(PORT + 1, (byte) socketAddress.getPort());
        InetAddress address = socketAddress.getAddress();
        if (address instanceof Inet4Address) {
            into.setByte(ADDRESS + 10, (byte) 0xff);
            into.setByte(ADDRESS + 11, (byte) 0xff);
            into.write(ADDRESS + 12, address.getAddress(), 0, 4);
        } else {
            into.write(ADDRESS, address.getAddress(), 0, 16);
            if (address instanceof Inet6Address ipv6) {
                into.setInt(SCOPE_ID, ipv6.getScopeId());
            }
        }
    }

    /** Parses {@code from}; allocates, so for set-up paths and {@link Reader} misses only. */
    static InetSocketAddress read(Memory from) {
        int port = ((from.getByte(PORT) & 0xff) << 8) | (from.getByte(PORT + 1) & 0xff);
        byte[] raw = from.getByteArray(ADDRESS, 16);
        try {
            InetAddress address;
            if (isIpv4Mapped(raw)) {
                address = InetAddress.getByAddress(new byte[] {raw[12], raw[13], raw[14], raw[15]});
            } else {
                int scope = from.getInt(SCOPE_ID);
                address = scope != 0 ? Inet6Address.getByAddress(null, raw, scope) : InetAddress.getByAddress(raw);
            }
            return new InetSocketAddress(address, port);
        } catch (UnknownHostException e) {
            throw new IllegalStateException("16 address bytes are always valid", e);
        }
    }

    private static boolean isIpv4Mapped(byte[] raw) {
        for (int i = 0; i < 10; i++) {
            if (raw[i] != 0) {
                return false;
            }
        }
        return raw[10] == (byte) 0xff && raw[11] == (byte) 0xff;
    }

    /** Turns received addresses into objects, reusing the last one while the sender stays the same. */
    static final class Reader {

        private long high = -1;
        private long low = -1;
        private long portAndScope = -1;
        private InetSocketAddress last;

        InetSocketAddress read(Memory from) {
            long nowHigh = from.getLong(ADDRESS);
            long nowLow = from.getLong(ADDRESS + 8);
            long nowPortAndScope = ((long) from.getShort(PORT) << 32) | (from.getInt(SCOPE_ID) & 0xffffffffL);
            if (last == null || nowHigh != high || nowLow != low || nowPortAndScope != portAndScope) {
                last = SocketAddresses.read(from);
                high = nowHigh;
                low = nowLow;
                portAndScope = nowPortAndScope;
            }
            return last;
        }
    }
}
