package org.gost4j.device.linux.internal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.ToLongFunction;

import org.gost4j.api.io.PacketBatch;
import org.gost4j.support.jna.NativeStructs;

/**
 * The read side of a TUN device opened with {@code IFF_VNET_HDR} and TSO: turns what the kernel hands over
 * (a virtio header, then a packet that may be a TCP super-packet or carry a partial checksum) into plain,
 * wire-sized IP packets with complete checksums, appended to the caller's batch: a packet, or as many of one
 * super-packet's segments as fit, back to back.
 *
 * <p>A packet is read straight into the batch, so an ordinary packet is not copied again; a super-packet is cut
 * into segments where it lies if the batch has the room and the entries for all of them (each payload moves up by
 * the headers repeated before it), else moved aside and cut from there, as many segments at a time as fit. One
 * instance per reading thread; allocates nothing per packet.
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
    private final long headerAddress;
    private final ByteBuffer staging = ByteBuffer.allocateDirect(MAX_PACKET);
    /** Two {@code struct iovec}: the virtio header, then the packet. */
    private final ByteBuffer iov = NativeStructs.allocate(32);
    private final long iovAddress;
    private final TcpSegmenter segmenter = new TcpSegmenter();

    /** Packets the kernel handed over that could not be made wire packets (never expected). */
    final LongAdder dropped = new LongAdder();
    /** TCP super-packets the kernel handed over, and the wire segments made of them. */
    final LongAdder superPackets = new LongAdder();
    final LongAdder segments = new LongAdder();

    /** @param addresses the native address of a direct buffer (through JNI or JNA, as the device's calls go) */
    OffloadReader(String deviceName, ToLongFunction<ByteBuffer> addresses) {
        this.deviceName = deviceName;
        this.headerAddress = addresses.applyAsLong(header);
        this.iovAddress = addresses.applyAsLong(iov);
        iov.putLong(0, headerAddress);
        iov.putLong(8, VirtioNetHeader.SIZE);
    }

    /**
     * Appends the next wire packet to {@code batch}, or as many of a super-packet's segments as fit (the rest
     * come with the next read, before anything else). The batch must not be full, so a packet is read straight
     * into it; a super-packet is cut into segments there, or moved aside first if they would not all fit.
     *
     * @param bufferAddress native address of the batch buffer's first byte
     * @return the packets appended; 0 if {@code device} found no packet waiting
     */
    int read(PacketBatch batch, long bufferAddress, VectoredRead device) throws IOException {
        if (segmenter.hasNext()) {
            return nextSegments(batch, bufferAddress);
        }
        while (true) {
            int at = batch.end();
            int room = batch.room();
            iov.putLong(16, bufferAddress + at);
            iov.putLong(24, room);
            long read = device.readv(iovAddress, 2);
            if (read == NOTHING_WAITING) {
                return 0;
            }
            long length = read - VirtioNetHeader.SIZE;
            if (length < 0 || length > Math.min(room, MAX_PACKET)) {
                drop("a read shorter than the virtio header or longer than " + MAX_PACKET);
                continue;
            }
            ByteBuffer buffer = batch.buffer();
            int gso = VirtioNetHeader.gsoType(header);
            if (gso == VirtioNetHeader.GSO_NONE) {
                if ((VirtioNetHeader.flags(header) & VirtioNetHeader.F_NEEDS_CSUM) != 0
                        && !VirtioNetHeader.completeChecksum(buffer, bufferAddress, at, (int) length,
                                VirtioNetHeader.csumStart(header), VirtioNetHeader.csumOffset(header))) {
                    drop("checksum offsets outside the packet");
                    continue;
                }
                batch.add(at, (int) length);
                return 1;
            }
            if (gso == VirtioNetHeader.GSO_TCPV4 || gso == VirtioNetHeader.GSO_TCPV6) {
                int mss = VirtioNetHeader.gsoSize(header);
                if (!segmenter.load(buffer, at, (int) length, mss)) {
                    drop("a TCP super-packet with inconsistent headers");
                    continue;
                }
                superPackets.increment();
                if (segmenter.segments() <= batch.capacity() - batch.size() && segmenter.segmentedLength() <= room) {
                    return cutInPlace(batch, at, bufferAddress);
                }
                staging.put(0, buffer, at, (int) length);
                segmenter.load(staging, 0, (int) length, mss);
                return nextSegments(batch, bufferAddress);
            }
            drop("a segmentation type that was not asked for");
        }
    }

    /** Cuts the super-packet read at {@code at} into segments there and appends them all. */
    private int cutInPlace(PacketBatch batch, int at, long bufferAddress) {
        int count = segmenter.segments();
        segmenter.cutInPlace(bufferAddress);
        for (int i = 0; i < count; i++) {
            int length = segmenter.segmentLength(i);
            batch.add(at, length);
            at += length;
        }
        segmenter.clear();
        segments.add(count);
        return count;
    }

    /** Appends the segments that fit, back to back; {@code bufferAddress} is the batch buffer's. */
    private int nextSegments(PacketBatch batch, long bufferAddress) {
        ByteBuffer buffer = batch.buffer();
        int count = 0;
        while (segmenter.hasNext() && batch.size() < batch.capacity() && segmenter.nextLength() <= batch.room()) {
            int at = batch.end();
            buffer.position(at);
            batch.add(at, segmenter.next(buffer, bufferAddress));
            count++;
        }
        segments.add(count);
        return count;
    }

    private void drop(String why) {
        dropped.increment();
        if (dropped.sum() == 1) {
            LOG.log(System.Logger.Level.WARNING, "{0}: dropped {1} from the kernel (further drops are counted only)",
                    deviceName, why);
        }
    }
}
