package org.gost4j.device.linux.internal;

import static org.gost4j.device.linux.internal.TcpSegmenterTest.bytes;
import static org.gost4j.device.linux.internal.TcpSegmenterTest.onesComplement;
import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.function.Consumer;

import com.sun.jna.Pointer;

import org.gost4j.support.jna.NativeStructs;
import org.junit.Test;

/**
 * Segments are built here with the test's own checksum code; the expected super-packets are built the same way
 * (one segment holding every payload) with only the TCP checksum field replaced by the pseudo-header sum.
 */
public class TcpCoalescerTest {

    private static final int ACK = 0x10;
    private static final int PSH = 0x08;
    private static final byte[] TIMESTAMPS = {1, 1, 8, 10, 0, 0, 0, 7, 0, 0, 0, 9};

    /** What the coalescer wrote: the virtio header and the packet. */
    private record Written(byte[] header, byte[] packet) {

        boolean plain() {
            return Arrays.equals(header, new byte[VirtioNetHeader.SIZE]);
        }
    }

    private final List<Written> written = new ArrayList<>();
    /** Gathers a written packet's iovecs: the virtio header, then the packet's pieces. */
    private final TcpCoalescer.Sink sink = (iov, count) -> {
        Pointer vector = new Pointer(iov);
        assertEquals(VirtioNetHeader.SIZE, vector.getLong(8));
        ByteArrayOutputStream packet = new ByteArrayOutputStream();
        for (int i = 1; i < count; i++) {
            packet.writeBytes(new Pointer(vector.getLong(16 * i)).getByteArray(0, (int) vector.getLong(16 * i + 8)));
        }
        written.add(new Written(new Pointer(vector.getLong(0)).getByteArray(0, VirtioNetHeader.SIZE),
                packet.toByteArray()));
    };
    /** The segments written: the coalescer refers to their bytes until it flushes. */
    private final List<ByteBuffer> held = new ArrayList<>();
    private final TcpCoalescer coalescer = new TcpCoalescer(TunSyscalls.best()::address);

    /** A TCP segment; fields are public to build variants, checksums are computed by {@link #build}. */
    static final class Segment implements Cloneable {
        boolean v6;
        int tos;
        int ttl = 64;
        int id = 0x1234;
        boolean df = true;
        int flowLabel = 0x12345;
        byte[] source = {10, 0, 0, 1};
        byte[] destination = {10, 0, 0, 2};
        int sourcePort = 40000;
        int destinationPort = 5201;
        int seq = 0xfffff000;
        int ack = 777;
        int flags = ACK;
        int window = 1024;
        byte[] options = TIMESTAMPS;
        byte[] payload;
        int ipHeader = 20;

        Segment(boolean v6, int payloadLength) {
            this.v6 = v6;
            if (v6) {
                source = new byte[16];
                destination = new byte[16];
                source[0] = destination[0] = (byte) 0xfd;
                source[15] = 1;
                destination[15] = 2;
                ipHeader = 40;
            }
            payload = new byte[payloadLength];
            for (int i = 0; i < payloadLength; i++) {
                payload[i] = (byte) (seq + i * 7);
            }
        }

        /** The segment after this one with {@code payloadLength} bytes. */
        Segment next(int payloadLength) {
            Segment next = with(s -> {
                s.seq = seq + payload.length;
                s.id = (id + 1) & 0xffff;
                s.payload = new byte[payloadLength];
            });
            for (int i = 0; i < payloadLength; i++) {
                next.payload[i] = (byte) (next.seq + i * 7);
            }
            return next;
        }

        Segment with(Consumer<Segment> change) {
            try {
                Segment copy = (Segment) clone();
                change.accept(copy);
                return copy;
            } catch (CloneNotSupportedException e) {
                throw new AssertionError(e);
            }
        }

        ByteBuffer build() {
            int tcp = 20 + options.length;
            int length = ipHeader + tcp + payload.length;
            ByteBuffer b = ByteBuffer.allocateDirect(length);
            if (v6) {
                b.putInt(0, 0x60000000 | tos << 20 | flowLabel).putShort(4, (short) (length - 40)).put(6, (byte) 6)
                        .put(7, (byte) ttl).put(8, source).put(24, destination);
            } else {
                b.put(0, (byte) (0x40 | ipHeader / 4)).put(1, (byte) tos).putShort(2, (short) length)
                        .putShort(4, (short) id).putShort(6, (short) (df ? 0x4000 : 0)).put(8, (byte) ttl)
                        .put(9, (byte) 6).put(12, source).put(16, destination);
                for (int i = 20; i < ipHeader; i++) {
                    b.put(i, (byte) 1);
                }
                b.putShort(10, (short) onesComplement(b, 0, ipHeader, 0));
            }
            int t = ipHeader;
            b.putShort(t, (short) sourcePort).putShort(t + 2, (short) destinationPort).putInt(t + 4, seq)
                    .putInt(t + 8, ack).put(t + 12, (byte) (tcp / 4 << 4)).put(t + 13, (byte) flags)
                    .putShort(t + 14, (short) window).put(t + 20, options).put(t + tcp, payload);
            b.putShort(t + 16, (short) onesComplement(b, t, length - t, pseudoHeader(b, length - t)));
            return b;
        }

        long pseudoHeader(ByteBuffer b, int tcpLength) {
            long sum = 0;
            int from = v6 ? 8 : 12;
            for (int i = from; i < from + (v6 ? 32 : 8); i += 2) {
                sum += b.getShort(i) & 0xffff;
            }
            return sum + 6 + tcpLength;
        }
    }

    @Test
    public void joinsIpv4SegmentsIntoOneSuperPacketWithExactHeaders() throws Exception {
        assertJoins(new Segment(false, 100), 100, 100, 100, 100, 37);
    }

    @Test
    public void joinsIpv6SegmentsIntoOneSuperPacketWithExactHeaders() throws Exception {
        assertJoins(new Segment(true, 1200), 1200, 1200, 1200);
    }

    @Test
    public void aPushSegmentEndsTheSuperPacketAndCarriesItsFlag() throws Exception {
        Segment a = new Segment(false, 100);
        Segment b = a.next(100).with(s -> s.flags = ACK | PSH);
        Segment c = b.next(100).with(s -> s.flags = ACK);
        write(a, b);
        assertEquals("written on the PSH segment", 1, written.size());
        Segment joined = a.with(s -> {
            s.payload = concat(a.payload, b.payload);
            s.flags = ACK | PSH;
        });
        assertSuperPacket(written.get(0), joined, 100);
        write(c);
        coalescer.flush(sink);
        assertPlain(written.get(1), c);
    }

    @Test
    public void aShorterSegmentEndsTheSuperPacket() throws Exception {
        Segment a = new Segment(false, 100);
        Segment b = a.next(50);
        Segment c = b.next(100);
        write(a, b);
        assertEquals(1, written.size());
        assertSuperPacket(written.get(0), a.with(s -> s.payload = concat(a.payload, b.payload)), 100);
        write(c);
        coalescer.flush(sink);
        assertEquals(2, written.size());
        assertPlain(written.get(1), c);
    }

    @Test
    public void aSinglePendingSegmentGoesOutUnchanged() throws Exception {
        Segment a = new Segment(true, 300);
        write(a);
        assertEquals(0, written.size());
        coalescer.flush(sink);
        coalescer.flush(sink);
        assertEquals(1, written.size());
        assertPlain(written.get(0), a);
    }

    @Test
    public void refusesSegmentsThatDoNotFollowOn() throws Exception {
        Segment a = new Segment(false, 100);
        Segment b = a.next(100);
        assertNotJoined(a, b.with(s -> s.seq += 1));
        assertNotJoined(a, b.with(s -> s.seq -= 100));
        assertNotJoined(a, b.with(s -> s.ack += 1));
        assertNotJoined(a, b.with(s -> s.window += 1));
        assertNotJoined(a, b.with(s -> s.options = new byte[] {1, 1, 8, 10, 0, 0, 0, 8, 0, 0, 0, 9}));
        assertNotJoined(a, b.with(s -> s.options = new byte[0]));
        assertNotJoined(a, b.with(s -> s.payload = new byte[101]));
        assertNotJoined(a, b.with(s -> s.sourcePort += 1));
        assertNotJoined(a, b.with(s -> s.destinationPort += 1));
        assertNotJoined(a, b.with(s -> s.source = new byte[] {10, 0, 0, 3}));
        assertNotJoined(a, b.with(s -> s.destination = new byte[] {10, 0, 0, 3}));
        assertNotJoined(a, b.with(s -> s.ttl = 63));
        assertNotJoined(a, b.with(s -> s.tos = 4));
        assertNotJoined(a, b.with(s -> s.df = false));
        assertNotJoined(a, new Segment(true, 100));
    }

    @Test
    public void refusesFlagsButAckAndPush() throws Exception {
        Segment a = new Segment(false, 100);
        for (int flag : new int[] {0x01, 0x02, 0x04, 0x20, 0x40, 0x80}) {
            assertNotJoined(a, a.next(100).with(s -> s.flags = ACK | flag));
            // nor does such a segment start a super-packet
            assertNotJoined(a.with(s -> s.flags = ACK | flag), a.next(100));
        }
        assertNotJoined(a, a.next(100).with(s -> s.flags = PSH));
        assertNotJoined(a, a.next(0));
    }

    @Test
    public void ipv4IdsMustCountUpUnlessDontFragmentIsSet() throws Exception {
        Segment a = new Segment(false, 100).with(s -> s.df = false);
        assertNotJoined(a, a.next(100).with(s -> s.id += 5));
        Segment df = new Segment(false, 100);
        written.clear();
        write(df, df.next(100).with(s -> s.id += 5));
        coalescer.flush(sink);
        assertEquals(1, written.size());
        assertEquals(VirtioNetHeader.GSO_TCPV4, written.get(0).header[1]);
    }

    @Test
    public void refusesIpv4OptionsFragmentsAndIpv6Differences() throws Exception {
        Segment options = new Segment(false, 100).with(s -> s.ipHeader = 24);
        assertNotJoined(options, options.next(100));
        Segment v6 = new Segment(true, 100);
        assertNotJoined(v6, v6.next(100).with(s -> s.flowLabel = 1));
        assertNotJoined(v6, v6.next(100).with(s -> s.tos = 1));
        assertNotJoined(v6, v6.next(100).with(s -> s.ttl = 1));
        assertNotJoined(v6, v6.next(100).with(s -> s.destination = new byte[16]));

        Segment a = new Segment(false, 100);
        ByteBuffer fragment = a.next(100).build();
        fragment.put(6, (byte) 0x60); // DF and MF
        fragment.putShort(10, (short) 0).putShort(10, (short) onesComplement(fragment, 0, 20, 0));
        written.clear();
        write(a);
        coalescer.write(fragment, 0, fragment.capacity(), at(fragment, 0), sink);
        coalescer.flush(sink);
        assertEquals(2, written.size());
        assertPlain(written.get(0), a);
        assertArrayEquals(bytes(fragment.clear()), written.get(1).packet);
    }

    @Test
    public void segmentsWithBadChecksumsAreWrittenAsTheyAre() throws Exception {
        Segment a = new Segment(false, 100);
        ByteBuffer badPayload = a.next(100).build();
        badPayload.put(badPayload.capacity() - 1, (byte) (badPayload.get(badPayload.capacity() - 1) + 1));
        ByteBuffer badIpHeader = a.next(100).build();
        badIpHeader.putShort(10, (short) (badIpHeader.getShort(10) + 1));
        for (ByteBuffer bad : List.of(badPayload, badIpHeader)) {
            written.clear();
            write(a);
            coalescer.write(bad, 0, bad.capacity(), at(bad, 0), sink);
            coalescer.flush(sink);
            assertEquals(2, written.size());
            assertPlain(written.get(0), a);
            assertArrayEquals(bytes(bad.clear()), written.get(1).packet);
            assertEquals(true, written.get(1).plain());
            // nor does a bad segment start a super-packet
            written.clear();
            coalescer.write(bad, 0, bad.capacity(), at(bad, 0), sink);
            assertEquals(1, written.size());
        }
        assertEquals(4, coalescer.checksumFailures.sum());
    }

    @Test
    public void stopsAtSixtyFourSegments() throws Exception {
        Segment s = new Segment(false, 100);
        List<Segment> all = new ArrayList<>();
        for (int i = 0; i < 70; i++) {
            all.add(s);
            s = s.next(100);
        }
        write(all.toArray(Segment[]::new));
        coalescer.flush(sink);
        assertEquals(2, written.size());
        assertEquals(20 + 32 + 64 * 100, written.get(0).packet.length);
        assertEquals(20 + 32 + 6 * 100, written.get(1).packet.length);
        assertEquals(2, coalescer.superPackets.sum());
        assertEquals(70, coalescer.segmentsJoined.sum());
    }

    @Test
    public void stopsBeforeTheIpLengthOverflows() throws Exception {
        Segment s = new Segment(true, 1400).with(x -> x.options = new byte[0]);
        int fit = (65535 - 60) / 1400; // 46
        for (int i = 0; i < fit + 3; i++) {
            write(s);
            s = s.next(1400);
        }
        coalescer.flush(sink);
        assertEquals(2, written.size());
        assertEquals(60 + fit * 1400, written.get(0).packet.length);
        assertEquals(fit * 1400 + 20, ByteBuffer.wrap(written.get(0).packet).getShort(4) & 0xffff);
        assertEquals(60 + 3 * 1400, written.get(1).packet.length);
    }

    @Test
    public void writesAnIpv6PacketLongerThanAnySuperPacketAsItIs() throws Exception {
        Segment jumbo = new Segment(true, 65535 - 32);
        write(new Segment(true, 100), jumbo);
        assertEquals(2, written.size());
        assertPlain(written.get(1), jumbo);
    }

    @Test
    public void keepsTheOrderAroundOtherPackets() throws Exception {
        Segment a = new Segment(false, 100);
        Segment b = a.next(100);
        Segment c = b.next(100);
        Segment d = c.next(100);
        ByteBuffer udp = a.build();
        udp.put(9, (byte) 17);
        ByteBuffer ping = new Segment(true, 8).build();
        ping.put(6, (byte) 58);
        write(a, b);
        coalescer.write(udp, 0, udp.capacity(), at(udp, 0), sink);
        write(c, d);
        coalescer.write(ping, 0, ping.capacity(), at(ping, 0), sink);
        assertEquals(4, written.size());
        assertSuperPacket(written.get(0), a.with(s -> s.payload = concat(a.payload, b.payload)), 100);
        assertArrayEquals(bytes(udp.clear()), written.get(1).packet);
        assertSuperPacket(written.get(2), c.with(s -> s.payload = concat(c.payload, d.payload)), 100);
        assertArrayEquals(bytes(ping.clear()), written.get(3).packet);
    }

    @Test
    public void worksFromAnyOffsetAndByteOrderOfTheCallersBuffer() throws Exception {
        Segment a = new Segment(false, 100);
        Segment b = a.next(100);
        ByteBuffer buffer = ByteBuffer.allocateDirect(2048).order(ByteOrder.LITTLE_ENDIAN);
        int offset = 99;
        for (Segment s : List.of(a, b)) {
            ByteBuffer built = s.build();
            buffer.put(offset, built, 0, built.capacity());
            coalescer.write(buffer, offset, built.capacity(), at(buffer, offset), sink);
            offset += built.capacity() + 7;
        }
        coalescer.flush(sink);
        assertSuperPacket(written.get(0), a.with(s -> s.payload = concat(a.payload, b.payload)), 100);
    }

    @Test
    public void joiningAllocatesNothing() throws Exception {
        ByteBuffer[] segments = new ByteBuffer[40];
        Segment s = new Segment(false, 1300);
        for (int i = 0; i < segments.length; i++) {
            segments[i] = s.build();
            s = s.next(1300);
        }
        long[] addresses = new long[segments.length];
        for (int i = 0; i < segments.length; i++) {
            addresses[i] = at(segments[i], 0);
        }
        TcpCoalescer.Sink discard = (iov, count) -> { };
        com.sun.management.ThreadMXBean threads =
                (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
        for (int round = 0; round < 2_000; round++) {
            joinAll(segments, addresses, discard);
        }
        long before = threads.getCurrentThreadAllocatedBytes();
        for (int round = 0; round < 200; round++) {
            joinAll(segments, addresses, discard);
        }
        long allocated = threads.getCurrentThreadAllocatedBytes() - before;
        assertEquals(2_200 * 40L, coalescer.segmentsJoined.sum());
        assertTrue("allocated " + allocated + " bytes for 8000 segments", allocated < 2_000);
    }

    private void joinAll(ByteBuffer[] segments, long[] addresses, TcpCoalescer.Sink sink) throws Exception {
        for (int i = 0; i < segments.length; i++) { // an index, not an iterator, which may allocate
            coalescer.write(segments[i], 0, segments[i].capacity(), addresses[i], sink);
        }
        coalescer.flush(sink);
    }

    private void assertJoins(Segment first, int... payloads) throws Exception {
        List<Segment> segments = new ArrayList<>(List.of(first));
        ByteArrayOutputStream payload = new ByteArrayOutputStream();
        payload.write(first.payload);
        for (int i = 1; i < payloads.length; i++) {
            Segment next = segments.get(i - 1).next(payloads[i]);
            segments.add(next);
            payload.write(next.payload);
        }
        write(segments.toArray(Segment[]::new));
        coalescer.flush(sink);
        assertEquals(1, written.size());
        assertSuperPacket(written.get(0), first.with(s -> s.payload = payload.toByteArray()), payloads[0]);
        assertEquals(1, coalescer.superPackets.sum());
        assertEquals(payloads.length, coalescer.segmentsJoined.sum());
    }

    /** The super-packet is {@code expected} but for the TCP checksum field; the virtio header is exact. */
    private static void assertSuperPacket(Written actual, Segment expected, int gsoSize) {
        ByteBuffer want = expected.build();
        int tcpStart = expected.ipHeader;
        int tcpLength = want.capacity() - tcpStart;
        int pseudo = ~onesComplement(want, 0, 0, expected.pseudoHeader(want, tcpLength)) & 0xffff;
        want.putShort(tcpStart + 16, (short) pseudo);
        byte[] wanted = bytes(want.clear());
        int headers = tcpStart + 20 + expected.options.length;
        assertEquals("headers", HexFormat.of().formatHex(wanted, 0, headers),
                HexFormat.of().formatHex(actual.packet, 0, Math.min(headers, actual.packet.length)));
        assertArrayEquals("payload", wanted, actual.packet);

        ByteBuffer header = ByteBuffer.allocate(VirtioNetHeader.SIZE).order(ByteOrder.nativeOrder());
        header.put((byte) VirtioNetHeader.F_NEEDS_CSUM)
                .put((byte) (expected.v6 ? VirtioNetHeader.GSO_TCPV6 : VirtioNetHeader.GSO_TCPV4))
                .putShort((short) (tcpStart + 20 + expected.options.length)).putShort((short) gsoSize)
                .putShort((short) tcpStart).putShort((short) 16);
        assertArrayEquals(header.array(), actual.header);

        // As the kernel would complete it: the checksum over the TCP bytes, the pseudo sum in the field.
        ByteBuffer completed = ByteBuffer.wrap(actual.packet.clone());
        completed.putShort(tcpStart + 16, (short) onesComplement(completed, tcpStart, tcpLength, 0));
        assertEquals(0, onesComplement(completed, tcpStart, tcpLength, expected.pseudoHeader(completed, tcpLength)));
    }

    private static void assertPlain(Written actual, Segment expected) {
        assertEquals(true, actual.plain());
        assertArrayEquals(bytes(expected.build().clear()), actual.packet);
    }

    /** Writes both, flushes: each must come out on its own, unchanged. */
    private void assertNotJoined(Segment a, Segment b) throws Exception {
        written.clear();
        write(a, b);
        coalescer.flush(sink);
        assertEquals("written separately: " + written.size(), 2, written.size());
        assertPlain(written.get(0), a);
        assertPlain(written.get(1), b);
    }

    /** The native address of {@code buffer}'s byte at {@code offset}; the buffer must be direct. */
    private static long at(ByteBuffer buffer, int offset) {
        return NativeStructs.address(buffer) + offset;
    }

    private void write(Segment... segments) throws Exception {
        for (Segment s : segments) {
            ByteBuffer b = s.build();
            held.add(b);
            coalescer.write(b, 0, b.capacity(), at(b, 0), sink);
        }
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] joined = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, joined, a.length, b.length);
        return joined;
    }
}
