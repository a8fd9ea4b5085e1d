package org.gost4j.tunnel.internal;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;

import org.gost4j.api.device.IpNetwork;

/**
 * A tunnel IP as two longs, IPv4 stored IPv4-mapped ({@code ::ffff:a.b.c.d}) as GOST's control messages carry
 * it. Keys stored in a table are never changed; each forwarding thread owns one mutable probe that it
 * reloads per packet, so lookups do not allocate.
 */
final class IpKey {

    private static final long IPV4_MAPPED_PREFIX = 0xffffL << 32;
    private static final int IPV4_SOURCE = 12;
    private static final int IPV4_DESTINATION = 16;
    private static final int IPV6_SOURCE = 8;
    private static final int IPV6_DESTINATION = 24;

    private long high;
    private long low;

    IpKey() {
    }

    private IpKey(long high, long low) {
        this.high = high;
        this.low = low;
    }

    static IpKey of(InetAddress address) {
        ByteBuffer bytes = ByteBuffer.wrap(address.getAddress());
        return bytes.remaining() == 4 ? ipv4(bytes.getInt(0)) : new IpKey(bytes.getLong(0), bytes.getLong(8));
    }

    /** The key whose 16-byte form is {@code high} then {@code low}, as {@link #writeTo} writes it. */
    static IpKey of(long high, long low) {
        return new IpKey(high, low);
    }

    /** Reads a 16-byte address at the absolute {@code offset}, as in a control message. */
    static IpKey at(ByteBuffer buffer, int offset) {
        return new IpKey(buffer.getLong(offset), buffer.getLong(offset + 8));
    }

    private static IpKey ipv4(int address) {
        return new IpKey(0, IPV4_MAPPED_PREFIX | (address & 0xffffffffL));
    }

    /** Loads the destination address of the IPv4 or IPv6 packet at the position of {@code packet}. */
    IpKey loadDestination(ByteBuffer packet) {
        return IpPackets.isIpv4(packet) ? loadIpv4(packet, IPV4_DESTINATION) : loadIpv6(packet, IPV6_DESTINATION);
    }

    /** Loads the source address of the IPv4 or IPv6 packet at the position of {@code packet}. */
    IpKey loadSource(ByteBuffer packet) {
        return IpPackets.isIpv4(packet) ? loadIpv4(packet, IPV4_SOURCE) : loadIpv6(packet, IPV6_SOURCE);
    }

    private IpKey loadIpv4(ByteBuffer packet, int offset) {
        high = 0;
        low = IPV4_MAPPED_PREFIX | (packet.getInt(packet.position() + offset) & 0xffffffffL);
        return this;
    }

    private IpKey loadIpv6(ByteBuffer packet, int offset) {
        high = packet.getLong(packet.position() + offset);
        low = packet.getLong(packet.position() + offset + 8);
        return this;
    }

    long high() {
        return high;
    }

    long low() {
        return low;
    }

    boolean isIpv4() {
        return high == 0 && (low >>> 32) == 0xffffL;
    }

    /** An immutable copy of a probe, for storing. */
    IpKey copy() {
        return new IpKey(high, low);
    }

    /** Writes the 16-byte form at the buffer's position. */
    void writeTo(ByteBuffer buffer) {
        buffer.putLong(high).putLong(low);
    }

    InetAddress toInetAddress() {
        byte[] bytes = ByteBuffer.allocate(16).putLong(high).putLong(low).array();
        try {
            return InetAddress.getByAddress(bytes); // the JDK turns IPv4-mapped bytes into an Inet4Address
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e); // 16 bytes is always a valid length
        }
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof IpKey key && key.high == high && key.low == low;
    }

    @Override
    public int hashCode() {
        return Long.hashCode(high * 31 + low);
    }

    /** As Go prints it: the user name GOST's server authenticates a client IP with. */
    @Override
    public String toString() {
        return IpNetwork.format(toInetAddress());
    }
}
