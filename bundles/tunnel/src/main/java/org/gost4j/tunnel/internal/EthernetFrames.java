package org.gost4j.tunnel.internal;

import java.nio.ByteBuffer;

/** Checks that a datagram holds one plausible Ethernet frame (no preamble, no FCS, as a TAP device gives it). */
final class EthernetFrames {

    static final int DESTINATION = 0;
    static final int SOURCE = 6;
    static final int HEADER = 14;
    /** An 802.1Q tag between the source MAC and the EtherType. */
    static final int VLAN_TAG = 4;
    /** The largest link header a frame of MTU-sized payload may carry. */
    static final int MAX_HEADER = HEADER + VLAN_TAG;

    private static final int ETHER_TYPE = 12;
    private static final short TPID_8021Q = (short) 0x8100;

    private EthernetFrames() {
    }

    /**
     * Validates the frame in {@code [position, limit)}: a whole header, a payload no larger than {@code mtu} and a
     * source that is a single station (neither a group address nor all zeros, which must never be learned).
     *
     * @return null if the frame is valid, else the reason to drop it
     */
    static DropReason check(ByteBuffer frame, int mtu) {
        int at = frame.position();
        int length = frame.remaining();
        if (length < HEADER) {
            return DropReason.TRUNCATED;
        }
        int header = frame.getShort(at + ETHER_TYPE) == TPID_8021Q ? HEADER + VLAN_TAG : HEADER;
        if (length > mtu + header) {
            return DropReason.OVERSIZED;
        }
        if (isGroup(frame, SOURCE) || (frame.getShort(at + SOURCE) == 0 && frame.getInt(at + SOURCE + 2) == 0)) {
            return DropReason.MALFORMED;
        }
        return null;
    }

    /**
     * Whether the address {@code offset} bytes into the frame is broadcast or multicast (the I/G bit of its first
     * octet).
     */
    static boolean isGroup(ByteBuffer frame, int offset) {
        return (frame.get(frame.position() + offset) & 1) != 0;
    }
}
