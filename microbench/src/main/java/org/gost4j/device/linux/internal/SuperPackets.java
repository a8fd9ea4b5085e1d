package org.gost4j.device.linux.internal;

import java.nio.ByteBuffer;

import org.gost4j.api.io.PacketBatch;

/**
 * What a TUN device with TSO hands over during a bulk TCP transfer through a tunnel with MTU 1350: an IPv4 TCP
 * super-packet with timestamps (20 + 32 header bytes), ACK|PSH, of {@link #SEGMENTS} payloads of {@link #MSS}
 * bytes (about 64 kB), and the wire segments the production {@link TcpSegmenter} cuts from it.
 */
final class SuperPackets {

    static final int MTU = 1350;
    static final int HEADERS = 20 + 32;
    static final int MSS = MTU - HEADERS;
    static final int SEGMENTS = 50;
    static final int LENGTH = HEADERS + SEGMENTS * MSS;

    private SuperPackets() {
    }

    /** The super-packet in {@code [0, LENGTH)} of a direct buffer; its checksums are left for the segmenter. */
    static ByteBuffer ipv4() {
        ByteBuffer p = ByteBuffer.allocateDirect(OffloadReader.MAX_PACKET);
        p.put(0, (byte) 0x45);
        p.putShort(2, (short) LENGTH);
        p.putShort(4, (short) 0x1234);
        p.putShort(6, (short) 0x4000); // DF
        p.put(8, (byte) 64);
        p.put(9, (byte) 6);
        p.put(12, new byte[] {10, 0, 0, 1, 10, 0, 0, 2});
        int t = 20;
        p.putShort(t, (short) 40000);
        p.putShort(t + 2, (short) 5201);
        p.putInt(t + 4, 0x10000000);
        p.putInt(t + 8, 777);
        p.put(t + 12, (byte) (8 << 4));
        p.put(t + 13, (byte) 0x18); // ACK|PSH
        p.putShort(t + 14, (short) 1024);
        p.put(t + 20, new byte[] {1, 1, 8, 10, 0, 0, 0, 7, 0, 0, 0, 9});
        for (int i = HEADERS; i < LENGTH; i++) {
            p.put(i, (byte) (i * 7));
        }
        return p;
    }

    /** The wire segments of {@link #ipv4()}, back to back in a batch as the device's reader hands them on. */
    static PacketBatch segments() {
        ByteBuffer superPacket = ipv4();
        PacketBatch batch = PacketBatch.allocate(64, PacketBatch.MAX_PACKET + 63 * 2048);
        TcpSegmenter segmenter = new TcpSegmenter();
        if (!segmenter.load(superPacket, 0, LENGTH, MSS)) {
            throw new IllegalStateException("the segmenter refused the super-packet");
        }
        ByteBuffer buffer = batch.buffer();
        while (segmenter.hasNext()) {
            int at = batch.end();
            buffer.position(at);
            batch.add(at, segmenter.next(buffer, 0));
        }
        return batch;
    }
}
