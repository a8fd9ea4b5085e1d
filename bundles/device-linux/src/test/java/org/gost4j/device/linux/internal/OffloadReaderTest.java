package org.gost4j.device.linux.internal;

import static org.gost4j.device.linux.internal.TcpSegmenterTest.bytes;
import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayDeque;
import java.util.Deque;

import com.sun.jna.Native;
import com.sun.jna.Pointer;

import org.junit.Test;

/** Batched reads against a fake descriptor that hands over what a TUN device with TSO would. */
public class OffloadReaderTest {

    /** Header and packet of each read, in order. */
    private final Deque<byte[][]> kernel = new ArrayDeque<>();
    private final OffloadReader.VectoredRead fake = (iov, count) -> {
        byte[][] next = kernel.removeFirst();
        Pointer vector = new Pointer(iov);
        new Pointer(vector.getLong(0)).write(0, next[0], 0, next[0].length);
        int stored = (int) Math.min(next[1].length, vector.getLong(24));
        new Pointer(vector.getLong(16)).write(0, next[1], 0, stored);
        return VirtioNetHeader.SIZE + stored;
    };

    @Test
    public void readSegmentsHandsOutWholeSegmentsThatFitAndTheRestNext() throws Exception {
        TcpCoalescerTest.Segment big = new TcpCoalescerTest.Segment(false, 4500);
        byte[] superPacket = bytes(big.build().clear());
        kernel.add(new byte[][] {gsoHeader(VirtioNetHeader.GSO_TCPV4, 1000), superPacket});
        byte[] plain = bytes(new TcpCoalescerTest.Segment(true, 10).build().clear());
        kernel.add(new byte[][] {new byte[VirtioNetHeader.SIZE], plain});

        TcpSegmenter expected = new TcpSegmenter();
        expected.load(ByteBuffer.allocateDirect(superPacket.length).put(superPacket).clear(), superPacket.length, 1000);
        ByteBuffer want = ByteBuffer.allocate(8000);
        while (expected.hasNext()) {
            expected.next(want);
        }

        OffloadReader reader = new OffloadReader("test");
        int segment = 20 + 32 + 1000;
        // Room for three and a half segments: three whole ones.
        ByteBuffer dst = ByteBuffer.allocateDirect(segment * 7 / 2);
        assertEquals(segment, reader.read(dst, address(dst), fake, true));
        assertEquals(3 * segment, dst.position());
        assertArrayEquals(bytes(want.duplicate().flip().limit(3 * segment)), bytes(dst.flip()));

        // The rest: a whole segment and the shorter last one, from the buffer's position.
        ByteBuffer rest = ByteBuffer.allocateDirect(65536 + 100).position(100);
        assertEquals(segment, reader.read(rest, address(rest), fake, true));
        assertEquals(100 + segment + 52 + 500, rest.position());
        assertArrayEquals(bytes(want.flip().position(3 * segment)), bytes(rest.flip().position(100)));

        rest.clear();
        assertEquals(plain.length, reader.read(rest, address(rest), fake, true));
        assertArrayEquals(plain, bytes(rest.flip()));
        assertEquals(1, reader.superPackets.sum());
        assertEquals("plain packets are not counted as segments", 5, reader.segments.sum());
    }

    @Test
    public void plainReadsStillHandOutOneSegmentAtATime() throws Exception {
        byte[] superPacket = bytes(new TcpCoalescerTest.Segment(true, 2500).build().clear());
        kernel.add(new byte[][] {gsoHeader(VirtioNetHeader.GSO_TCPV6, 1000), superPacket});
        OffloadReader reader = new OffloadReader("test");
        ByteBuffer dst = ByteBuffer.allocateDirect(65536);
        int[] lengths = new int[3];
        for (int i = 0; i < 3; i++) {
            dst.clear();
            lengths[i] = reader.read(dst, address(dst), fake, false);
            assertEquals(lengths[i], dst.position());
        }
        assertArrayEquals(new int[] {1072, 1072, 572}, lengths);
    }

    private static byte[] gsoHeader(int type, int gsoSize) {
        ByteBuffer h = ByteBuffer.allocate(VirtioNetHeader.SIZE).order(ByteOrder.nativeOrder());
        h.put((byte) 0).put((byte) type).putShort((short) 0).putShort((short) gsoSize);
        return h.array();
    }

    private static long address(ByteBuffer direct) {
        return Pointer.nativeValue(Native.getDirectBufferPointer(direct));
    }
}
