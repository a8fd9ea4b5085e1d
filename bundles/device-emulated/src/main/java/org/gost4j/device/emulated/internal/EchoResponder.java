package org.gost4j.device.emulated.internal;

import java.nio.ByteBuffer;

/**
 * Answers ICMPv4 echo requests for the device's own addresses, as the kernel behind a real interface would,
 * so a tunnel over emulated devices can be pinged end to end in one process. Works in place on a
 * preallocated buffer.
 */
final class EchoResponder {

    private static final int PROTOCOL_ICMP = 1;
    private static final int ECHO_REQUEST = 8;
    private static final int ECHO_REPLY = 0;
    private static final int ICMP_HEADER = 8;
    private static final int REPLY_TTL = 64;

    /** The device's IPv4 addresses as big-endian ints. */
    private final int[] ownAddresses;

    EchoResponder(int[] ownAddresses) {
        this.ownAddresses = ownAddresses.clone();
    }

    /**
     * If {@code packet} (its remaining bytes) is an echo request to one of our addresses, writes the reply into
     * {@code reply} (cleared first, flipped after) and returns true.
     */
    boolean answer(ByteBuffer packet, ByteBuffer reply) {
        int start = packet.position();
        int length = packet.remaining();
        if (length < 20 || (packet.get(start) & 0xf0) != 0x40) {
            return false;
        }
        int headerLength = (packet.get(start) & 0x0f) * 4;
        int totalLength = packet.getShort(start + 2) & 0xffff;
        if (headerLength < 20 || totalLength > length || totalLength < headerLength + ICMP_HEADER
                || totalLength > reply.capacity()
                || (packet.get(start + 9) & 0xff) != PROTOCOL_ICMP
                || (packet.get(start + headerLength) & 0xff) != ECHO_REQUEST
                || packet.get(start + headerLength + 1) != 0
                || (packet.getShort(start + 6) & 0x3fff) != 0 // a fragment: leave it alone
                || !isOwn(packet.getInt(start + 16))) {
            return false;
        }
        reply.clear();
        packet.get(start, reply.array(), reply.arrayOffset(), totalLength);
        reply.limit(totalLength);
        int source = reply.getInt(12);
        reply.putInt(12, reply.getInt(16));
        reply.putInt(16, source);
        reply.put(8, (byte) REPLY_TTL);
        reply.putShort(10, (short) 0);
        reply.putShort(10, checksum(reply, 0, headerLength));
        reply.put(headerLength, (byte) ECHO_REPLY);
        reply.putShort(headerLength + 2, (short) 0);
        reply.putShort(headerLength + 2, checksum(reply, headerLength, totalLength - headerLength));
        return true;
    }

    private boolean isOwn(int address) {
        for (int own : ownAddresses) {
            if (own == address) {
                return true;
            }
        }
        return false;
    }

    /** The Internet checksum (RFC 1071) of {@code length} bytes from {@code offset}. */
    static short checksum(ByteBuffer b, int offset, int length) {
        long sum = 0;
        int end = offset + (length & ~1);
        for (int i = offset; i < end; i += 2) {
            sum += b.getShort(i) & 0xffff;
        }
        if ((length & 1) != 0) {
            sum += (b.get(offset + length - 1) & 0xff) << 8;
        }
        while ((sum >>> 16) != 0) {
            sum = (sum & 0xffff) + (sum >>> 16);
        }
        return (short) ~sum;
    }
}
