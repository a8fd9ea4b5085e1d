package org.gost4j.tunnel.internal;

import java.nio.ByteBuffer;

/** Checks that a datagram holds exactly one well-formed IPv4 or IPv6 packet before it reaches a device. */
final class IpPackets {

    private static final int IPV4_MIN_HEADER = 20;
    private static final int IPV6_HEADER = 40;

    private IpPackets() {
    }

    static boolean isIpv4(ByteBuffer packet) {
        return (packet.get(packet.position()) & 0xf0) == 0x40;
    }

    /**
     * Validates the packet in {@code [position, limit)} of {@code packet}. Trailing bytes after the length the
     * header declares are cut off by lowering the limit, as a kernel would ignore them.
     *
     * @return null if the packet is valid, else the reason to drop it
     */
    static DropReason check(ByteBuffer packet) {
        int at = packet.position();
        int length = packet.remaining();
        if (length == 0) {
            return DropReason.MALFORMED;
        }
        int version = (packet.get(at) & 0xf0) >>> 4;
        int declared;
        if (version == 4) {
            if (length < IPV4_MIN_HEADER) {
                return DropReason.TRUNCATED;
            }
            int headerLength = (packet.get(at) & 0x0f) * 4;
            declared = packet.getShort(at + 2) & 0xffff;
            if (headerLength < IPV4_MIN_HEADER || declared < headerLength) {
                return DropReason.MALFORMED;
            }
        } else if (version == 6) {
            if (length < IPV6_HEADER) {
                return DropReason.TRUNCATED;
            }
            declared = IPV6_HEADER + (packet.getShort(at + 4) & 0xffff);
        } else {
            return DropReason.MALFORMED;
        }
        if (declared > length) {
            return DropReason.TRUNCATED;
        }
        packet.limit(at + declared);
        return null;
    }
}
