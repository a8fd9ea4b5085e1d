package org.gost4j.transport.udp.internal;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;

import org.gost4j.support.jna.NativeStructs;

/**
 * {@code struct sockaddr_in6} in a direct buffer in native byte order (see {@link NativeStructs}):
 * IPv4 addresses travel as IPv4-mapped IPv6 addresses on the
 * dual-stack socket and come back as {@link Inet4Address}, as the JDK reports them.
 */
final class SocketAddresses {

    static final int SOCKADDR_IN6_BYTES = 28;
    private static final int PORT = 2;
    private static final int ADDRESS = 8;
    private static final int SCOPE_ID = 24;

    private SocketAddresses() {
    }

    static void write(InetSocketAddress socketAddress, ByteBuffer into) {
        into.put(0, new byte[SOCKADDR_IN6_BYTES]);
        into.putShort(0, (short) SocketConstants.AF_INET6);
        into.put(PORT, (byte) (socketAddress.getPort() >>> 8));
        into.put(PORT + 1, (byte) socketAddress.getPort());
        InetAddress address = socketAddress.getAddress();
        if (address instanceof Inet4Address) {
            into.put(ADDRESS + 10, (byte) 0xff);
            into.put(ADDRESS + 11, (byte) 0xff);
            into.put(ADDRESS + 12, address.getAddress());
        } else {
            into.put(ADDRESS, address.getAddress());
            if (address instanceof Inet6Address ipv6) {
                into.putInt(SCOPE_ID, ipv6.getScopeId());
            }
        }
    }

    /** Parses {@code from}; allocates, so for set-up paths and {@link Reader} misses only. */
    static InetSocketAddress read(ByteBuffer from) {
        int port = ((from.get(PORT) & 0xff) << 8) | (from.get(PORT + 1) & 0xff);
        byte[] raw = new byte[16];
        from.get(ADDRESS, raw);
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

    /**
     * Turns received addresses into objects without allocating for a sender seen before: the last one is checked
     * first (a client's server, a GRO burst), then a table of up to {@value #SLOTS} recent senders (a server's
     * clients), made when a second sender shows up. A sender that finds its slots taken replaces one of them.
     */
    static final class Reader {

        static final int SLOTS = 4096;
        private static final int PROBES = 8;

        private long high = -1;
        private long low = -1;
        private long portAndScope = -1;
        private InetSocketAddress last;
        /** Per slot: the address's two halves, then its port and scope; null until a second sender. */
        private long[] keys;
        private InetSocketAddress[] values;

        InetSocketAddress read(ByteBuffer from) {
            long nowHigh = from.getLong(ADDRESS);
            long nowLow = from.getLong(ADDRESS + 8);
            long nowPortAndScope = ((long) from.getShort(PORT) << 32) | (from.getInt(SCOPE_ID) & 0xffffffffL);
            if (last != null && nowHigh == high && nowLow == low && nowPortAndScope == portAndScope) {
                return last;
            }
            last = last == null ? SocketAddresses.read(from) : recent(from, nowHigh, nowLow, nowPortAndScope);
            high = nowHigh;
            low = nowLow;
            portAndScope = nowPortAndScope;
            return last;
        }

        private InetSocketAddress recent(ByteBuffer from, long nowHigh, long nowLow, long nowPortAndScope) {
            if (keys == null) {
                keys = new long[SLOTS * 3];
                values = new InetSocketAddress[SLOTS];
                store(slot(high, low, portAndScope), high, low, portAndScope, last); // the empty table's first probe
            }
            int found = find(nowHigh, nowLow, nowPortAndScope);
            if (found >= 0) {
                return values[found];
            }
            InetSocketAddress value = SocketAddresses.read(from);
            store(-1 - found, nowHigh, nowLow, nowPortAndScope, value);
            return value;
        }

        /**
         * One walk over the sender's probes: the slot holding it, or else, as {@code -1 - slot}, the slot to remember
         * it in: the first free one, else the first (its sender evicted). The walk ends at a free slot, as senders
         * are never removed: a sender is remembered at the first free slot of its probes, so none lies past one.
         */
        private int find(long keyHigh, long keyLow, long keyPortAndScope) {
            int first = slot(keyHigh, keyLow, keyPortAndScope);
            for (int probe = 0; probe < PROBES; probe++) {
                int slot = (first + probe) & (SLOTS - 1);
                if (values[slot] == null) {
                    return -1 - slot;
                }
                if (keys[slot * 3] == keyHigh && keys[slot * 3 + 1] == keyLow
                        && keys[slot * 3 + 2] == keyPortAndScope) {
                    return slot;
                }
            }
            return -1 - first;
        }

        private void store(int slot, long keyHigh, long keyLow, long keyPortAndScope, InetSocketAddress value) {
            keys[slot * 3] = keyHigh;
            keys[slot * 3 + 1] = keyLow;
            keys[slot * 3 + 2] = keyPortAndScope;
            values[slot] = value;
        }

        private static int slot(long high, long low, long portAndScope) {
            long mixed = (high * 31 + low) * 0x9E3779B97F4A7C15L + portAndScope;
            mixed ^= mixed >>> 29;
            mixed *= 0xBF58476D1CE4E5B9L;
            return (int) (mixed ^ (mixed >>> 32)) & (SLOTS - 1);
        }
    }
}
