package org.gost4j.device.linux.internal;

import static org.gost4j.device.linux.internal.InetChecksum.add;
import static org.gost4j.device.linux.internal.InetChecksum.finish;
import static org.gost4j.device.linux.internal.InetChecksum.fold;
import static org.gost4j.device.linux.internal.InetChecksum.put16;
import static org.gost4j.device.linux.internal.InetChecksum.u16;
import static org.gost4j.device.linux.internal.InetChecksum.u32;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.ToLongFunction;

import org.gost4j.support.jna.NativeStructs;

/**
 * The write side of a TUN device with TSO: joins consecutive TCP segments of one flow into one super-packet
 * behind a virtio header, as the kernel's GRO would, so the kernel's stack handles one packet instead of dozens.
 * Everything else goes out unchanged behind a zero header, in the order it was written.
 *
 * <p>A segment joins the pending super-packet only if the kernel could have cut it from there: same addresses,
 * ports and IP header fields (IPv4 without options or fragments, IPv6 without extension headers), the same TCP
 * header apart from the sequence number (which must follow on), only ACK and PSH set, and a payload of the first
 * segment's size; a shorter one or one with PSH ends the super-packet. The super-packet's TCP checksum is the
 * pseudo-header sum the kernel expects with a partial checksum, which it then trusts, so every segment's own
 * checksums are verified before it is joined; one that fails is written as it is, for the kernel to drop.
 *
 * <p>Payloads are not copied: the pending super-packet is a copy of its first segment's headers and the
 * addresses of each joined payload where the caller's buffer holds it, written with one {@code writev} (a virtio
 * header, the headers, every payload). So the caller's bytes must stay as they are until {@link #flush}, which a
 * device calls before its write returns. One instance per writing thread, with buffers of its own; nothing is
 * allocated.
 */
final class TcpCoalescer {

    /**
     * Where packets go: one packet as {@code count} {@code struct iovec} at native address {@code iov}, a virtio
     * header first.
     */
    interface Sink {
        void write(long iov, int count) throws IOException;
    }

    /** The kernel's GRO joins no more segments than this, nor more bytes than fit an IPv4 total length. */
    static final int MAX_SEGMENTS = 64;
    static final int MAX_LENGTH = 65535;

    private static final int PROTOCOL_TCP = 6;
    private static final int IPV4_HEADER = 20;
    private static final int IPV6_HEADER = 40;
    private static final int TCP_ACK = 0x10;
    private static final int TCP_PSH = 0x08;
    private static final int TCP_CHECKSUM = 16;
    private static final int IPV4_DF = 0x4000;
    /** IPv4 flags and fragment offset without DF: MF and the offset must be zero. */
    private static final int IPV4_FRAGMENT = 0x3fff;

    /** A zero virtio header: a plain packet whose checksums the kernel verifies. */
    private final ByteBuffer plainHeader = NativeStructs.allocate(VirtioNetHeader.SIZE);
    private final long plainHeaderAddress;
    private final ByteBuffer gsoHeader = NativeStructs.allocate(VirtioNetHeader.SIZE);
    private final long gsoHeaderAddress;
    /** Room for the longest headers joined: IPv6 and a TCP header with 40 bytes of options. */
    private static final int MAX_HEADERS = IPV6_HEADER + 60;
    private static final int IOVEC = 16;

    /** The pending super-packet's headers: its first segment's, completed at {@link #flush}. */
    private final ByteBuffer pending = NativeStructs.allocate(MAX_HEADERS);
    /** The pending super-packet: virtio header, {@link #pending}'s headers, then each payload where it lies. */
    private final ByteBuffer joinedIov = NativeStructs.allocate((2 + MAX_SEGMENTS) * IOVEC);
    private final long joinedIovAddress;
    /** A packet written as it is: a zero virtio header, then the packet. */
    private final ByteBuffer plainIov = NativeStructs.allocate(2 * IOVEC);
    private final long plainIovAddress;

    final LongAdder superPackets = new LongAdder();
    final LongAdder segmentsJoined = new LongAdder();
    final LongAdder checksumFailures = new LongAdder();

    private int length;
    private int segments;
    /** The first pending segment as the caller holds it, written as it is if nothing joins it. */
    private long firstAddress;
    private int firstLength;
    private boolean ipv6;
    private int ipHeader;
    private int headers;
    private int gsoSize;
    private int nextSeq;
    private int nextId;

    /** @param addresses the native address of a direct buffer (through JNI or JNA, as the device's calls go) */
    TcpCoalescer(ToLongFunction<ByteBuffer> addresses) {
        plainHeaderAddress = addresses.applyAsLong(plainHeader);
        gsoHeaderAddress = addresses.applyAsLong(gsoHeader);
        joinedIovAddress = addresses.applyAsLong(joinedIov);
        plainIovAddress = addresses.applyAsLong(plainIov);
        joinedIov.putLong(0, gsoHeaderAddress);
        joinedIov.putLong(8, VirtioNetHeader.SIZE);
        joinedIov.putLong(IOVEC, addresses.applyAsLong(pending));
        plainIov.putLong(0, plainHeaderAddress);
        plainIov.putLong(8, VirtioNetHeader.SIZE);
    }

    /**
     * Writes {@code [offset, offset + length)} of {@code src} as one packet, or keeps a copy to join it later.
     *
     * @param address the native address of {@code src}'s byte at {@code offset}
     */
    void write(ByteBuffer src, int offset, int length, long address, Sink sink) throws IOException {
        int segmentHeaders = dataSegmentHeaders(src, offset, length);
        if (segmentHeaders < 0) {
            flush(sink);
            writePlain(address, length, sink);
            return;
        }
        boolean push = (src.get(offset + ipHeaderLength(src, offset) + 13) & TCP_PSH) != 0;
        int payload = length - segmentHeaders;
        if (segments > 0 && continues(src, offset, length, segmentHeaders, payload)) {
            if (!checksumsValid(src, address - offset, offset, length)) {
                checksumFailures.increment();
                flush(sink);
                writePlain(address, length, sink);
                return;
            }
            append(address, length, segmentHeaders, push);
            if (push || payload < gsoSize) {
                flush(sink);
            }
            return;
        }
        flush(sink);
        // A PSH segment would end the super-packet it starts: nothing to join it with.
        if (push) {
            writePlain(address, length, sink);
            return;
        }
        if (!checksumsValid(src, address - offset, offset, length)) {
            checksumFailures.increment();
            writePlain(address, length, sink);
            return;
        }
        start(src, offset, length, address, segmentHeaders, payload);
    }

    /** Writes the pending super-packet, or a single pending segment as the plain packet it was. */
    void flush(Sink sink) throws IOException {
        if (segments == 0) {
            return;
        }
        try {
            if (segments == 1) {
                writePlain(firstAddress, firstLength, sink);
                return;
            }
            completeHeaders();
            sink.write(joinedIovAddress, 2 + segments);
            superPackets.increment();
            segmentsJoined.add(segments);
        } finally {
            // Dropped if the write failed: retrying a packet the kernel refused would fail again.
            segments = 0;
        }
    }

    /** Forgets the pending segments unwritten: the caller's bytes they lie in are about to change. */
    void discard() {
        segments = 0;
    }

    private void writePlain(long address, int length, Sink sink) throws IOException {
        plainIov.putLong(IOVEC, address);
        plainIov.putLong(IOVEC + 8, length);
        sink.write(plainIovAddress, 2);
    }

    /**
     * @return the length of IP and TCP headers if the packet is a TCP segment over IPv4 (no options, not a
     *         fragment) or IPv6 (no extension headers) with a payload, only ACK or ACK|PSH set and lengths that
     *         match the IP header; else -1
     */
    private static int dataSegmentHeaders(ByteBuffer p, int at, int length) {
        if (length < IPV4_HEADER + 20 || length > MAX_LENGTH) {
            return -1;
        }
        int ip;
        int first = p.get(at) & 0xff;
        if (first == 0x45) {
            if (p.get(at + 9) != PROTOCOL_TCP || u16(p, at + 2) != length || (u16(p, at + 6) & IPV4_FRAGMENT) != 0) {
                return -1;
            }
            ip = IPV4_HEADER;
        } else if (first >>> 4 == 6) {
            if (length < IPV6_HEADER + 20 || p.get(at + 6) != PROTOCOL_TCP || u16(p, at + 4) != length - IPV6_HEADER) {
                return -1;
            }
            ip = IPV6_HEADER;
        } else {
            return -1;
        }
        int tcp = ((p.get(at + ip + 12) & 0xff) >>> 4) * 4;
        int flags = p.get(at + ip + 13) & 0xff;
        if (tcp < 20 || ip + tcp >= length || (flags & ~TCP_PSH) != TCP_ACK) {
            return -1;
        }
        return ip + tcp;
    }

    private static int ipHeaderLength(ByteBuffer p, int at) {
        return (p.get(at) & 0xf0) == 0x40 ? IPV4_HEADER : IPV6_HEADER;
    }

    /** Whether the segment follows on from the pending super-packet and fits in it. */
    private boolean continues(ByteBuffer p, int at, int length, int segmentHeaders, int payload) {
        if (segmentHeaders != headers || ipv6 != (ipHeaderLength(p, at) == IPV6_HEADER)
                || payload > gsoSize || segments >= MAX_SEGMENTS || this.length + payload > MAX_LENGTH) {
            return false;
        }
        if (ipv6) {
            // version, traffic class, flow label; hop limit; addresses
            if (!same(p, at, 0, 4) || p.get(at + 7) != pending.get(7) || !same(p, at, 8, 32)) {
                return false;
            }
        } else {
            // TOS; flags (DF); TTL; addresses. IDs must count up unless DF makes them meaningless, as in GRO.
            boolean df = (u16(p, at + 6) & IPV4_DF) != 0;
            if (p.get(at + 1) != pending.get(1) || !same(p, at, 6, 2) || p.get(at + 8) != pending.get(8)
                    || !same(p, at, 12, 8) || (!df && u16(p, at + 4) != nextId)) {
                return false;
            }
        }
        int t = ipHeader;
        // ports; ack number, data offset, flags but PSH, window; options. The urgent pointer means nothing
        // without URG, and the checksum is the segment's own.
        return same(p, at, t, 4) && u32(p, at + t + 4) == nextSeq && same(p, at, t + 8, 5)
                && ((p.get(at + t + 13) ^ pending.get(t + 13)) & ~TCP_PSH) == 0 && same(p, at, t + 14, 2)
                && same(p, at, t + 20, headers - t - 20);
    }

    /**
     * Whether {@code count} bytes from {@code from} equal the pending packet's headers: eight or four at a time
     * (both buffers read in the caller's byte order, see {@link #start}), then one by one; slices would allocate.
     */
    private boolean same(ByteBuffer p, int at, int from, int count) {
        int i = from;
        int end = from + count;
        for (; i + 8 <= end; i += 8) {
            if (p.getLong(at + i) != pending.getLong(i)) {
                return false;
            }
        }
        if (i + 4 <= end) {
            if (p.getInt(at + i) != pending.getInt(i)) {
                return false;
            }
            i += 4;
        }
        for (; i < end; i++) {
            if (p.get(at + i) != pending.get(i)) {
                return false;
            }
        }
        return true;
    }

    /** @param base the native address of {@code p}'s first byte (see {@link InetChecksum}) */
    private static boolean checksumsValid(ByteBuffer p, long base, int at, int length) {
        boolean v6 = ipHeaderLength(p, at) == IPV6_HEADER;
        int ip = v6 ? IPV6_HEADER : IPV4_HEADER;
        if (!v6 && finish(add(p, at, IPV4_HEADER, 0)) != 0) {
            return false;
        }
        int tcpLength = length - ip;
        long pseudo = InetChecksum.addressSum(p, at, v6) + PROTOCOL_TCP + tcpLength;
        return finish(add(p, base, at + ip, tcpLength, pseudo)) == 0;
    }

    private void start(ByteBuffer src, int offset, int length, long address, int segmentHeaders, int payload) {
        pending.order(src.order()).put(0, src, offset, segmentHeaders);
        joinedIov.putLong(IOVEC + 8, segmentHeaders);
        addPayload(0, address + segmentHeaders, payload);
        this.firstAddress = address;
        this.firstLength = length;
        this.length = length;
        this.segments = 1;
        this.ipv6 = ipHeaderLength(src, offset) == IPV6_HEADER;
        this.ipHeader = ipv6 ? IPV6_HEADER : IPV4_HEADER;
        this.headers = segmentHeaders;
        this.gsoSize = payload;
        this.nextSeq = u32(src, offset + ipHeader + 4) + payload;
        this.nextId = ipv6 ? 0 : (u16(src, offset + 4) + 1) & 0xffff;
    }

    private void append(long address, int length, int segmentHeaders, boolean push) {
        int payload = length - segmentHeaders;
        addPayload(segments, address + segmentHeaders, payload);
        this.length += payload;
        segments++;
        nextSeq += payload;
        nextId = (nextId + 1) & 0xffff;
        if (push) {
            pending.put(ipHeader + 13, (byte) (pending.get(ipHeader + 13) | TCP_PSH));
        }
    }

    /** The {@code index}th payload's iovec, after the virtio header's and the headers'. */
    private void addPayload(int index, long address, int length) {
        int at = (2 + index) * IOVEC;
        joinedIov.putLong(at, address);
        joinedIov.putLong(at + 8, length);
    }

    /**
     * IP length and header checksum for the whole super-packet; in the TCP checksum field the folded
     * pseudo-header sum over the whole TCP length (CHECKSUM_PARTIAL: the kernel adds the rest if it ever
     * needs the real checksum, e.g. when it forwards and segments the packet); then the virtio header.
     */
    private void completeHeaders() {
        if (ipv6) {
            put16(pending, 4, length - IPV6_HEADER);
        } else {
            put16(pending, 2, length);
            put16(pending, 10, 0);
            put16(pending, 10, finish(add(pending, 0, IPV4_HEADER, 0)));
        }
        int tcpLength = length - ipHeader;
        put16(pending, ipHeader + TCP_CHECKSUM,
                fold(InetChecksum.addressSum(pending, 0, ipv6) + PROTOCOL_TCP + tcpLength));
        gsoHeader.put(0, (byte) VirtioNetHeader.F_NEEDS_CSUM);
        gsoHeader.put(1, (byte) (ipv6 ? VirtioNetHeader.GSO_TCPV6 : VirtioNetHeader.GSO_TCPV4));
        gsoHeader.putShort(2, (short) headers);
        gsoHeader.putShort(4, (short) gsoSize);
        gsoHeader.putShort(6, (short) ipHeader);
        gsoHeader.putShort(8, (short) TCP_CHECKSUM);
    }
}
