package org.gost4j.device.linux.internal;

import static org.gost4j.device.linux.internal.TcpSegmenterTest.bytes;
import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;

import com.sun.jna.Native;
import com.sun.jna.Pointer;

import org.gost4j.api.io.PacketBatch;
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
    public void aBatchTakesTheSegmentsThatFitAndTheNextReadTheRest() throws Exception {
        ByteBuffer want = offerSuperPacket();
        byte[] plain = bytes(new TcpCoalescerTest.Segment(true, 10).build().clear());
        kernel.add(new byte[][] {new byte[VirtioNetHeader.SIZE], plain});

        OffloadReader reader = new OffloadReader("test", TunSyscalls.best()::address);
        int segment = 20 + 32 + 1000;
        // Room for three entries: three whole segments, back to back.
        PacketBatch three = PacketBatch.allocate(3, PacketBatch.MAX_PACKET);
        assertEquals(3, reader.read(three, address(three), fake));
        assertEquals(List.of(0, segment, 2 * segment), offsets(three));
        assertArrayEquals(bytes(want.duplicate().flip().limit(3 * segment)), contents(three));

        // The rest first (a whole segment and the shorter last one), after what the batch holds, then the next packet.
        PacketBatch rest = PacketBatch.allocate(64, 2 * PacketBatch.MAX_PACKET);
        rest.add(0, 100);
        assertEquals(2, reader.read(rest, address(rest), fake));
        assertEquals(List.of(segment, 52 + 500), List.of(rest.length(1), rest.length(2)));
        assertEquals(100, rest.offset(1));
        assertEquals(1, reader.read(rest, address(rest), fake));
        assertEquals(plain.length, rest.length(3));
        byte[] all = contents(rest);
        assertArrayEquals(bytes(want.flip().position(3 * segment)),
                java.util.Arrays.copyOfRange(all, 100, 100 + segment + 52 + 500));
        assertArrayEquals(plain, java.util.Arrays.copyOfRange(all, all.length - plain.length, all.length));
        assertEquals(1, reader.superPackets.sum());
        assertEquals("plain packets are not counted as segments", 5, reader.segments.sum());
    }

    @Test
    public void aSuperPacketIsCutWhereItWasReadWhenTheBatchHasRoomForEverySegment() throws Exception {
        ByteBuffer want = offerSuperPacket();

        OffloadReader reader = new OffloadReader("test", TunSyscalls.best()::address);
        PacketBatch batch = PacketBatch.allocate(64, 2 * PacketBatch.MAX_PACKET);
        batch.add(0, 100);
        assertEquals(5, reader.read(batch, address(batch), fake));
        int segment = 20 + 32 + 1000;
        assertEquals(List.of(0, 100, 100 + segment, 100 + 2 * segment, 100 + 3 * segment, 100 + 4 * segment),
                offsets(batch));
        assertArrayEquals(bytes(want.flip()), java.util.Arrays.copyOfRange(contents(batch), 100, batch.end()));
        assertEquals(1, reader.superPackets.sum());
        assertEquals(5, reader.segments.sum());
    }

    /**
     * Queues a super-packet of 4500 bytes of payload in 1000-byte segments for the fake kernel.
     *
     * @return its segments, back to back (to the buffer's position), as the segmenter cuts them
     */
    private ByteBuffer offerSuperPacket() {
        byte[] superPacket = bytes(new TcpCoalescerTest.Segment(false, 4500).build().clear());
        kernel.add(new byte[][] {gsoHeader(VirtioNetHeader.GSO_TCPV4, 1000), superPacket});
        TcpSegmenter expected = new TcpSegmenter();
        expected.load(ByteBuffer.allocateDirect(superPacket.length).put(superPacket).clear(), 0, superPacket.length, 1000);
        ByteBuffer want = ByteBuffer.allocate(8000);
        while (expected.hasNext()) {
            expected.next(want, 0);
        }
        return want;
    }

    private static List<Integer> offsets(PacketBatch batch) {
        List<Integer> offsets = new java.util.ArrayList<>();
        for (int i = 0; i < batch.size(); i++) {
            offsets.add(batch.offset(i));
        }
        return offsets;
    }

    /** The batch's bytes from 0 to its end. */
    private static byte[] contents(PacketBatch batch) {
        byte[] bytes = new byte[batch.end()];
        batch.buffer().get(0, bytes);
        return bytes;
    }

    private static byte[] gsoHeader(int type, int gsoSize) {
        ByteBuffer h = ByteBuffer.allocate(VirtioNetHeader.SIZE).order(ByteOrder.nativeOrder());
        h.put((byte) 0).put((byte) type).putShort((short) 0).putShort((short) gsoSize);
        return h.array();
    }

    private static long address(PacketBatch batch) {
        return Pointer.nativeValue(Native.getDirectBufferPointer(batch.buffer()));
    }
}
