package org.gost4j.device.linux.internal;

import java.nio.ByteBuffer;

/**
 * {@code struct virtio_net_hdr} (linux/virtio_net.h), which a TUN device opened with {@code IFF_VNET_HDR} puts
 * before every packet: {@code u8 flags, u8 gso_type, u16 hdr_len, u16 gso_size, u16 csum_start,
 * u16 csum_offset}, in the host's byte order (legacy virtio on a TUN device without {@code TUNSETVNETBE}).
 */
final class VirtioNetHeader {

    static final int SIZE = 10;

    /** The transport checksum is partial: sum from csum_start to the end, store at csum_start + csum_offset. */
    static final int F_NEEDS_CSUM = 0x01;

    static final int GSO_NONE = 0;
    static final int GSO_TCPV4 = 1;
    static final int GSO_TCPV6 = 4;
    /** Flag on gso_type: the super-packet carries CWR; only asked for with TUN_F_TSO_ECN, handled all the same. */
    static final int GSO_ECN = 0x80;

    private VirtioNetHeader() {
    }

    static int flags(ByteBuffer header) {
        return header.get(0) & 0xff;
    }

    static int gsoType(ByteBuffer header) {
        return header.get(1) & 0xff & ~GSO_ECN;
    }

    static int gsoSize(ByteBuffer header) {
        return Short.toUnsignedInt(header.getShort(4));
    }

    static int csumStart(ByteBuffer header) {
        return Short.toUnsignedInt(header.getShort(6));
    }

    static int csumOffset(ByteBuffer header) {
        return Short.toUnsignedInt(header.getShort(8));
    }

    /**
     * Completes a partial checksum in place: the field at {@code csumStart + csumOffset} holds the pseudo-header
     * sum; the one's complement sum from {@code csumStart} to the end of the packet goes there. A result of zero
     * is stored as 0xffff, as the kernel does (for UDP, zero would mean "no checksum").
     *
     * @param address the native address of {@code packet}'s first byte, or 0 (see {@link InetChecksum})
     * @return false if the offsets lie outside the packet
     */
    static boolean completeChecksum(ByteBuffer packet, long address, int offset, int length, int csumStart,
            int csumOffset) {
        if (csumStart + csumOffset + 2 > length) {
            return false;
        }
        int sum = InetChecksum.finish(
                InetChecksum.add(packet, address, offset + csumStart, length - csumStart, 0));
        InetChecksum.put16(packet, offset + csumStart + csumOffset, sum == 0 ? 0xffff : sum);
        return true;
    }
}
