package org.gost4j.device.linux.internal;

import static org.gost4j.device.linux.internal.InetChecksum.add;
import static org.gost4j.device.linux.internal.InetChecksum.finish;
import static org.gost4j.device.linux.internal.InetChecksum.put16;
import static org.gost4j.device.linux.internal.InetChecksum.put32;
import static org.gost4j.device.linux.internal.InetChecksum.u16;
import static org.gost4j.device.linux.internal.InetChecksum.u32;

import java.nio.ByteBuffer;

/**
 * Splits a TCP super-packet, which a TUN device with TSO hands over, into wire-sized IP packets the way the
 * kernel's software segmentation does: each segment repeats the super-packet's headers with its own IPv4 total
 * length, identification (+1 per segment) and header checksum, or IPv6 payload length, and its own TCP sequence
 * number and checksum; FIN and PSH stay on the last segment only, CWR on the first only. Only IPv4 options and a
 * TCP header directly after the fixed IPv6 header are understood, as the kernel's TSO produces nothing else.
 *
 * <p>One instance per reading thread; it keeps the super-packet's layout between {@link #next} calls and
 * allocates nothing.
 */
final class TcpSegmenter {

    private static final int PROTOCOL_TCP = 6;
    private static final int IPV6_HEADER = 40;
    private static final int TCP_FIN = 0x01;
    private static final int TCP_PSH = 0x08;
    private static final int TCP_CWR = 0x80;

    private ByteBuffer source;
    private int offset;
    private int length;
    private boolean ipv6;
    private int ipHeader;
    private int headers;
    private int mss;
    private int segments;
    private int next;
    private int firstId;
    private int firstSeq;
    private int tcpFlags;
    private long addressSum;

    /**
     * Takes the super-packet in {@code [offset, offset + length)} of {@code source}, which must stay unchanged
     * until every segment is out (but see {@link #cutInPlace}).
     *
     * @param mss the payload bytes per segment (the virtio header's {@code gso_size})
     * @return false, with nothing loaded, unless it is a TCP packet over IPv4 or IPv6 with consistent headers
     */
    boolean load(ByteBuffer source, int offset, int length, int mss) {
        clear();
        if (length < 20 || mss <= 0) {
            return false;
        }
        int version = (source.get(offset) & 0xff) >>> 4;
        int ip;
        if (version == 4) {
            ip = (source.get(offset) & 0x0f) * 4;
            if (ip < 20 || source.get(offset + 9) != PROTOCOL_TCP) {
                return false;
            }
        } else if (version == 6) {
            ip = IPV6_HEADER;
            if (length < ip || source.get(offset + 6) != PROTOCOL_TCP) {
                return false;
            }
        } else {
            return false;
        }
        if (length < ip + 20) {
            return false;
        }
        int tcp = ((source.get(offset + ip + 12) & 0xff) >>> 4) * 4;
        if (tcp < 20 || length < ip + tcp) {
            return false;
        }
        this.source = source;
        this.offset = offset;
        this.length = length;
        this.ipv6 = version == 6;
        this.ipHeader = ip;
        this.headers = ip + tcp;
        this.mss = mss;
        this.segments = Math.max(1, (length - headers + mss - 1) / mss);
        this.firstId = ipv6 ? 0 : u16(source, offset + 4);
        this.firstSeq = u32(source, offset + ip + 4);
        this.tcpFlags = source.get(offset + ip + 13) & 0xff;
        this.addressSum = InetChecksum.addressSum(source, offset, ipv6);
        return true;
    }

    boolean hasNext() {
        return next < segments;
    }

    int segments() {
        return segments;
    }

    /** The length of the segment {@link #next} writes next; only while {@link #hasNext}. */
    int nextLength() {
        return segmentLength(next);
    }

    /** The length of segment {@code i}, headers included. */
    int segmentLength(int i) {
        return headers + Math.min(mss, length - (headers + i * mss));
    }

    /** The bytes every segment takes, back to back: each repeats the headers. */
    int segmentedLength() {
        return length + (segments - 1) * headers;
    }

    void clear() {
        source = null;
        segments = 0;
        next = 0;
    }

    /**
     * Writes the next segment into {@code dst} from its position and advances the position. A segment longer
     * than the room left is cut short, as the kernel cuts a packet that does not fit.
     *
     * @param dstAddress the native address of {@code dst}'s first byte, or 0 (see {@link InetChecksum})
     * @return the segment's length
     */
    int next(ByteBuffer dst, long dstAddress) {
        int i = next++;
        int p = dst.position();
        int room = dst.limit() - p;
        int total = segmentLength(i);
        if (total > room) {
            int cut = Math.min(room, headers);
            dst.put(p, source, offset, cut);
            dst.put(p + cut, source, offset + headers + i * mss, Math.min(total - headers, room - cut));
            dst.position(p + room);
            return room;
        }
        write(i, dst, p, dstAddress);
        dst.position(p + total);
        return total;
    }

    /**
     * Cuts the super-packet into its segments where it lies, back to back from its first byte: each segment's
     * payload moves up by the headers repeated before it, so no payload is copied elsewhere and back. The
     * source's buffer must have {@link #segmentedLength()} bytes from the super-packet's start; the segments are
     * written last to first, payload before headers, so that every write leaves what is still to be read in place
     * (segment {@code i} begins after the payload of segment {@code i - 1} ends, and the headers are read from the
     * first segment's place, rewritten last). Every segment is out afterwards.
     *
     * Segment {@code i} is then {@link #segmentLength}{@code (i)} bytes, each right after the one before.
     *
     * @param address the native address of the source buffer's first byte, or 0 (see {@link InetChecksum})
     */
    void cutInPlace(long address) {
        for (int i = segments - 1; i >= 0; i--) {
            write(i, source, offset + i * (headers + mss), address);
        }
        next = segments;
    }

    /** Writes segment {@code i} whole at {@code p} of {@code dst}, from the loaded headers and its payload. */
    private int write(int i, ByteBuffer dst, int p, long dstAddress) {
        int payloadStart = offset + headers + i * mss;
        int payload = Math.min(mss, length - (headers + i * mss));
        int total = headers + payload;
        // Payload first: in place, the segment's headers go where its own payload began.
        if (dst != source || p + headers != payloadStart) {
            // In place the two ranges may overlap: a bulk put within one buffer copies as if through a temporary.
            dst.put(p + headers, source, payloadStart, payload);
        }
        if (dst != source || p != offset) {
            dst.put(p, source, offset, headers);
        }
        if (ipv6) {
            put16(dst, p + 4, total - IPV6_HEADER);
        } else {
            put16(dst, p + 2, total);
            put16(dst, p + 4, firstId + i);
            put16(dst, p + 10, 0);
            put16(dst, p + 10, finish(add(dst, p, ipHeader, 0)));
        }
        int t = p + ipHeader;
        put32(dst, t + 4, firstSeq + i * mss);
        int flags = tcpFlags;
        if (i + 1 < segments) {
            flags &= ~(TCP_FIN | TCP_PSH);
        }
        if (i > 0) {
            flags &= ~TCP_CWR;
        }
        dst.put(t + 13, (byte) flags);
        int tcpLength = total - ipHeader;
        put16(dst, t + 16, 0);
        put16(dst, t + 16, finish(add(dst, dstAddress, t, tcpLength, addressSum + PROTOCOL_TCP + tcpLength)));
        return total;
    }
}
