package org.gost4j.device.linux.internal;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.HexFormat;
import java.util.Random;

import org.gost4j.support.jna.NativeStructs;
import org.junit.Test;

/**
 * Byte-exact vectors: the expected segments were built independently (a Python script with its own checksum,
 * following the kernel's tcp_gso_segment rules), and the randomized cases check every checksum with the
 * test's own 16-bit summing, not with {@link InetChecksum}.
 */
public class TcpSegmenterTest {

    private static final HexFormat HEX = HexFormat.of();

    /** IPv4, TCP with timestamps, CWR|PSH|ACK|FIN, 10 payload bytes, sequence and IP ID about to wrap. */
    private static final String V4_SUPER = "4500003efffe4000400626b90a0000010a00000212345678fffffffe0a0b0c0d8099ffffe861"
            + "00000101080a00000001000000026162636465666768696a";
    private static final String[] V4_SEGMENTS = {
        "45000038fffe4000400626bf0a0000010a00000212345678fffffffe0a0b0c0d8090ffff1eaa00000101080a000000010000000261626364",
        "45000038ffff4000400626be0a0000010a00000212345678000000020a0b0c0d8010ffff171f00000101080a000000010000000265666768",
        "4500003600004000400626c00a0000010a00000212345678000000060a0b0c0d8019ffff7a7800000101080a0000000100000002696a",
    };

    private static final String V6_SUPER = "60000000002a0640fd000000000000000000000000000001fd0000000000000000000000000000"
            + "0212345678000003e8000007d08018ffff0d4000000101080a00000001000000026162636465666768696a";
    private static final String[] V6_SEGMENTS = {
        "6000000000240640fd000000000000000000000000000001fd00000000000000000000000000000212345678000003e8000007d08010ffff"
                + "438700000101080a000000010000000261626364",
        "6000000000240640fd000000000000000000000000000001fd00000000000000000000000000000212345678000003ec000007d08010ffff"
                + "3b7b00000101080a000000010000000265666768",
        "6000000000220640fd000000000000000000000000000001fd00000000000000000000000000000212345678000003f0000007d08018ffff"
                + "9ed500000101080a0000000100000002696a",
    };

    @Test
    public void splitsAnIpv4SuperPacketLikeTheKernel() {
        assertSegments(V4_SUPER, 4, V4_SEGMENTS, ByteOrder.BIG_ENDIAN);
    }

    @Test
    public void splitsAnIpv6SuperPacketLikeTheKernel() {
        assertSegments(V6_SUPER, 4, V6_SEGMENTS, ByteOrder.BIG_ENDIAN);
    }

    @Test
    public void theCallersByteOrderDoesNotMatter() {
        assertSegments(V4_SUPER, 4, V4_SEGMENTS, ByteOrder.LITTLE_ENDIAN);
        assertSegments(V6_SUPER, 4, V6_SEGMENTS, ByteOrder.LITTLE_ENDIAN);
    }

    @Test
    public void aSuperPacketThatFitsOneSegmentComesOutWithFixedChecksums() {
        // gso_size larger than the payload: one segment, headers as given but checksums recomputed.
        ByteBuffer source = direct(V4_SUPER);
        source.put(10, (byte) 0).put(11, (byte) 0).put(36, (byte) 0).put(37, (byte) 0);
        TcpSegmenter segmenter = new TcpSegmenter();
        assertTrue(segmenter.load(source, 0, source.capacity(), 1000));
        ByteBuffer dst = ByteBuffer.allocateDirect(2048);
        assertEquals(source.capacity(), segmenter.next(dst, NativeStructs.address(dst)));
        assertFalse(segmenter.hasNext());
        assertArrayEquals(HEX.parseHex(V4_SUPER), bytes(dst.flip()));
    }

    @Test
    public void randomSuperPacketsReassembleToTheirPayloadWithValidChecksums() {
        Random random = new Random(8);
        for (int round = 0; round < 200; round++) {
            RandomSuperPacket drawn = RandomSuperPacket.draw(random);
            boolean v6 = drawn.v6;
            int options = drawn.options;
            byte[] data = drawn.payload;
            int payload = data.length;
            ByteBuffer source = drawn.packet;
            int mss = 1 + random.nextInt(1460);
            int seq = source.getInt((v6 ? 40 : 20) + 4);
            int id = v6 ? 0 : source.getShort(4) & 0xffff;

            TcpSegmenter segmenter = new TcpSegmenter();
            assertTrue(segmenter.load(source, 0, source.limit(), mss));
            ByteArrayOutputStream joined = new ByteArrayOutputStream();
            ByteBuffer dst = ByteBuffer.allocateDirect(65536);
            int expectedSegments = Math.max(1, (payload + mss - 1) / mss);
            assertEquals(expectedSegments, segmenter.segments());
            for (int i = 0; i < expectedSegments; i++) {
                assertTrue(segmenter.hasNext());
                dst.clear();
                int length = segmenter.next(dst, NativeStructs.address(dst));
                assertEquals(length, dst.position());
                dst.flip();
                int ip = v6 ? 40 : 20;
                int headers = ip + 20 + options;
                assertTrue("segment size", length - headers <= mss);
                if (v6) {
                    assertEquals(length - 40, dst.getShort(4) & 0xffff);
                } else {
                    assertEquals(length, dst.getShort(2) & 0xffff);
                    assertEquals((id + i) & 0xffff, dst.getShort(4) & 0xffff);
                    assertEquals("IPv4 header checksum", 0, onesComplement(dst, 0, 20, 0));
                }
                assertEquals(seq + i * mss, dst.getInt(ip + 4));
                assertEquals("TCP checksum", 0, onesComplement(dst, ip, length - ip, pseudoHeader(dst, v6, length - ip)));
                int flags = dst.get(ip + 13) & 0xff;
                boolean last = i == expectedSegments - 1;
                assertEquals("FIN and PSH only on the last", last ? 0x09 : 0, flags & 0x09);
                assertEquals("CWR only on the first", i == 0 ? 0x80 : 0, flags & 0x80);
                joined.write(bytes(dst.position(headers)), 0, length - headers);
            }
            assertFalse(segmenter.hasNext());
            assertArrayEquals("round " + round, data, joined.toByteArray());
        }
    }

    @Test
    public void cutInPlaceMakesTheSameSegmentsAsCuttingIntoAnotherBuffer() {
        Random random = new Random(9);
        for (int round = 0; round < 200; round++) {
            ByteBuffer source = RandomSuperPacket.draw(random).packet;
            int mss = 500 + random.nextInt(1000);
            int length = source.limit();

            TcpSegmenter apart = new TcpSegmenter();
            assertTrue(apart.load(source, 0, length, mss));
            ByteBuffer expected = ByteBuffer.allocateDirect(apart.segmentedLength());
            while (apart.hasNext()) {
                apart.next(expected, NativeStructs.address(expected));
            }
            assertEquals(expected.capacity(), expected.position());

            int at = random.nextInt(3000);
            ByteBuffer buffer = ByteBuffer.allocateDirect(at + expected.capacity() + 100);
            byte[] noise = new byte[buffer.capacity()];
            random.nextBytes(noise);
            buffer.put(0, noise).put(at, source, 0, length);
            TcpSegmenter inPlace = new TcpSegmenter();
            assertTrue(inPlace.load(buffer, at, length, mss));
            assertEquals(expected.capacity(), inPlace.segmentedLength());
            inPlace.cutInPlace(NativeStructs.address(buffer));
            assertFalse(inPlace.hasNext());
            int total = 0;
            for (int i = 0; i < inPlace.segments(); i++) {
                total += inPlace.segmentLength(i);
            }
            assertEquals(expected.capacity(), total);
            assertArrayEquals("round " + round, bytes(expected.flip()), bytes(buffer.duplicate().position(at).limit(at + total)));
            assertArrayEquals("bytes before untouched", java.util.Arrays.copyOf(noise, at),
                    bytes(buffer.duplicate().position(0).limit(at)));
            assertArrayEquals("bytes after untouched", java.util.Arrays.copyOfRange(noise, at + total, noise.length),
                    bytes(buffer.duplicate().position(at + total)));
        }
    }

    @Test
    public void aSegmentLongerThanTheRoomIsCutShort() {
        TcpSegmenter segmenter = new TcpSegmenter();
        assertTrue(segmenter.load(direct(V4_SUPER), 0, HEX.parseHex(V4_SUPER).length, 4));
        ByteBuffer dst = ByteBuffer.allocateDirect(30);
        assertEquals(30, segmenter.next(dst, NativeStructs.address(dst)));
        assertEquals(30, dst.position());
        assertTrue(segmenter.hasNext());
    }

    @Test
    public void refusesWhatIsNotTcpOverIp() {
        TcpSegmenter segmenter = new TcpSegmenter();
        ByteBuffer udp = direct(V4_SUPER).put(9, (byte) 17);
        assertFalse(segmenter.load(udp, 0, udp.capacity(), 4));
        ByteBuffer v5 = direct(V4_SUPER).put(0, (byte) 0x55);
        assertFalse(segmenter.load(v5, 0, v5.capacity(), 4));
        ByteBuffer shortIhl = direct(V4_SUPER).put(0, (byte) 0x44);
        assertFalse(segmenter.load(shortIhl, 0, shortIhl.capacity(), 4));
        ByteBuffer longTcpHeader = direct(V4_SUPER).put(32, (byte) 0xf0); // 60 bytes, past the packet's end
        assertFalse(segmenter.load(longTcpHeader, 0, 50, 4));
        ByteBuffer v6Extension = direct(V6_SUPER).put(6, (byte) 0); // hop-by-hop options header
        assertFalse(segmenter.load(v6Extension, 0, v6Extension.capacity(), 4));
        assertFalse(segmenter.load(direct(V4_SUPER), 0, 39, 4));
        assertFalse(segmenter.load(direct(V4_SUPER), 0, 62, 0));
        assertFalse(segmenter.hasNext());
    }

    private static void assertSegments(String superPacket, int mss, String[] expected, ByteOrder order) {
        TcpSegmenter segmenter = new TcpSegmenter();
        ByteBuffer source = direct(superPacket);
        assertTrue(segmenter.load(source, 0, source.capacity(), mss));
        assertEquals(expected.length, segmenter.segments());
        ByteBuffer dst = ByteBuffer.allocateDirect(256).order(order);
        for (String segment : expected) {
            assertTrue(segmenter.hasNext());
            dst.clear().position(7); // from the buffer's position, not from 0
            int length = segmenter.next(dst, NativeStructs.address(dst));
            assertEquals(7 + length, dst.position());
            assertEquals(segment, HEX.formatHex(bytes(dst.flip().position(7))));
        }
        assertFalse(segmenter.hasNext());
    }

    /** A TCP super-packet over IPv4 or IPv6 with up to 40 bytes of options and up to 64 kB of random payload. */
    private record RandomSuperPacket(boolean v6, int options, byte[] payload, ByteBuffer packet) {

        static RandomSuperPacket draw(Random random) {
            boolean v6 = random.nextBoolean();
            int options = 4 * random.nextInt(11);
            byte[] payload = new byte[random.nextInt(65536 - 60 - options - 40)];
            random.nextBytes(payload);
            return new RandomSuperPacket(v6, options, payload,
                    superPacket(v6, options, payload, random.nextInt(), random.nextInt(0x10000)));
        }
    }

    private static ByteBuffer superPacket(boolean v6, int options, byte[] payload, int seq, int id) {
        int ip = v6 ? 40 : 20;
        int length = ip + 20 + options + payload.length;
        ByteBuffer b = ByteBuffer.allocateDirect(length);
        if (v6) {
            b.putInt(0, 0x60000000).putShort(4, (short) (length - 40)).put(6, (byte) 6).put(7, (byte) 64);
            b.put(8, HEX.parseHex("fd000000000000000000000000000001"));
            b.put(24, HEX.parseHex("fd000000000000000000000000000002"));
        } else {
            b.put(0, (byte) 0x45).putShort(2, (short) length).putShort(4, (short) id).put(8, (byte) 64).put(9, (byte) 6);
            b.put(12, new byte[] {10, 0, 0, 1}).put(16, new byte[] {10, 0, 0, 2});
        }
        b.putShort(ip, (short) 4000).putShort(ip + 2, (short) 5201).putInt(ip + 4, seq).putInt(ip + 8, 77);
        b.put(ip + 12, (byte) ((20 + options) / 4 << 4)).put(ip + 13, (byte) 0x99).putShort(ip + 14, (short) 512);
        for (int i = 0; i < options; i++) {
            b.put(ip + 20 + i, (byte) 1); // NOP
        }
        b.put(ip + 20 + options, payload);
        return b;
    }

    private static long pseudoHeader(ByteBuffer p, boolean v6, int tcpLength) {
        long sum = v6 ? sum16(p, 8, 32) : sum16(p, 12, 8);
        return sum + 6 + tcpLength;
    }

    /** Folded one's complement sum, complemented: 0 for a range whose checksum is right. */
    static int onesComplement(ByteBuffer p, int offset, int length, long initial) {
        long sum = initial + sum16(p, offset, length);
        while ((sum >> 16) != 0) {
            sum = (sum & 0xffff) + (sum >> 16);
        }
        return (int) (~sum & 0xffff);
    }

    private static long sum16(ByteBuffer p, int offset, int length) {
        long sum = 0;
        for (int i = 0; i < length; i++) {
            int b = p.get(offset + i) & 0xff;
            sum += (i & 1) == 0 ? b << 8 : b;
        }
        return sum;
    }

    static ByteBuffer direct(String hex) {
        byte[] raw = HEX.parseHex(hex);
        return ByteBuffer.allocateDirect(raw.length).put(raw).clear();
    }

    static byte[] bytes(ByteBuffer b) {
        byte[] out = new byte[b.remaining()];
        b.duplicate().get(out);
        return out;
    }
}
