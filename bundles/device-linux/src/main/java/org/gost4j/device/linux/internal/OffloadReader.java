package org.gost4j.device.linux.internal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.concurrent.atomic.LongAdder;

import org.gost4j.support.io.NativeStructs;

/**
 * The read side of a TUN device opened with {@code IFF_VNET_HDR} and TSO: turns what the kernel hands over
 * (a virtio header, then a packet that may be a TCP super-packet or carry a partial checksum) into plain,
 * wire-sized IP packets with complete checksums, one per {@link #read}, or with {@code batch} as many of one
 * super-packet's segments as fit, back to back.
 *
 * <p>A packet is read straight into the caller's buffer when it has room for the largest super-packet, so an
 * ordinary packet is not copied again; a super-packet is then moved aside and handed out segment by segment.
 * One instance per reading thread; allocates nothing per packet.
 */
final class OffloadReader {

    /** Largest packet a TUN device hands over with TSO: the kernel's GSO limit (without BIG TCP). */
    static final int MAX_PACKET = 65536;

    /** What a non-blocking {@link VectoredRead} returns when no packet is waiting. */
    static final long NOTHING_WAITING = -1;

    /** Reads one packet into an iovec array, blocking until there is one or returning {@link #NOTHING_WAITING}. */
    interface VectoredRead {
        long readv(long iov, int count) throws IOException;
    }

    private static final System.Logger LOG = System.getLogger(OffloadReader.class.getName());

    private final String deviceName;
    private final ByteBuffer header = NativeStructs.allocate(VirtioNetHeader.SIZE);
    private final long headerAddress = NativeStructs.address(header);
    private final ByteBuffer staging = ByteBuffer.allocateDirect(MAX_PACKET);
    private final long stagingAddress = NativeStructs.address(staging);
    /** Two {@code struct iovec}: the virtio header, then the packet. */
    private final ByteBuffer iov = NativeStructs.allocate(32);
    private final long iovAddress = NativeStructs.address(iov);
    private final TcpSegmenter segmenter = new TcpSegmenter();

    /** Packets the kernel handed over that could not be made wire packets (never expected). */
    final LongAdder dropped = new LongAdder();
    /** TCP super-packets the kernel handed over, and the wire segments made of them. */
    final LongAdder superPackets = new LongAdder();
    final LongAdder segments = new LongAdder();

    OffloadReader(String deviceName) {
        this.deviceName = deviceName;
        iov.putLong(0, headerAddress);
        iov.putLong(8, VirtioNetHeader.SIZE);
    }

    /**
     * Puts the next wire packet into {@code dst} from its position and advances the position; with
     * {@code batch}, a segment of a super-packet is followed by as many of the next whole segments as fit (the
     * rest come with the next read).
     *
     * @param dstAddress native address of {@code dst}'s first byte
     * @return the packet's length, for a batch the first segment's (every one but a shorter last is as long);
     *         -1 if {@code device} found no packet waiting
     */
    int read(ByteBuffer dst, long dstAddress, VectoredRead device, boolean batch) throws IOException {
        if (segmenter.hasNext()) {
            return nextSegments(dst, batch);
        }
        while (true) {
            int position = dst.position();
            int room = dst.limit() - position;
            boolean inPlace = room >= MAX_PACKET;
            iov.putLong(16, inPlace ? dstAddress + position : stagingAddress);
            iov.putLong(24, inPlace ? room : MAX_PACKET);
            long read = device.readv(iovAddress, 2);
            if (read == NOTHING_WAITING) {
                return -1;
            }
            long length = read - VirtioNetHeader.SIZE;
            if (length < 0 || length > MAX_PACKET) {
                drop("a read shorter than the virtio header or longer than " + MAX_PACKET);
                continue;
            }
            int gso = VirtioNetHeader.gsoType(header);
            if (gso == VirtioNetHeader.GSO_NONE) {
                ByteBuffer packet = inPlace ? dst : staging;
                int at = inPlace ? position : 0;
                if ((VirtioNetHeader.flags(header) & VirtioNetHeader.F_NEEDS_CSUM) != 0
                        && !VirtioNetHeader.completeChecksum(packet, at, (int) length,
                                VirtioNetHeader.csumStart(header), VirtioNetHeader.csumOffset(header))) {
                    drop("checksum offsets outside the packet");
                    continue;
                }
                int stored = (int) Math.min(length, room);
                if (!inPlace) {
                    dst.put(position, staging, 0, stored);
                }
                dst.position(position + stored);
                return stored;
            }
            if (gso == VirtioNetHeader.GSO_TCPV4 || gso == VirtioNetHeader.GSO_TCPV6) {
                if (inPlace) {
                    staging.put(0, dst, position, (int) length);
                }
                if (segmenter.load(staging, (int) length, VirtioNetHeader.gsoSize(header))) {
                    superPackets.increment();
                    return nextSegments(dst, batch);
                }
                drop("a TCP super-packet with inconsistent headers");
                continue;
            }
            drop("a segmentation type that was not asked for");
        }
    }

    private int nextSegments(ByteBuffer dst, boolean batch) {
        int first = segmenter.next(dst);
        int count = 1;
        while (batch && segmenter.hasNext() && segmenter.nextLength() <= dst.remaining()) {
            segmenter.next(dst);
            count++;
        }
        segments.add(count);
        return first;
    }

    private void drop(String why) {
        dropped.increment();
        if (dropped.sum() == 1) {
            LOG.log(System.Logger.Level.WARNING, "{0}: dropped {1} from the kernel (further drops are counted only)",
                    deviceName, why);
        }
    }
}
