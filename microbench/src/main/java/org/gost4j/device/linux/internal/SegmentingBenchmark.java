package org.gost4j.device.linux.internal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.concurrent.TimeUnit;

import org.gost4j.api.io.PacketBatch;
import org.gost4j.microbench.NativeMemory;
import org.gost4j.support.jna.NativeStructs;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Device → network on a client with offloads: one ~64 kB TCP super-packet (50 payloads of 1298 bytes) cut into
 * wire-sized IPv4 segments with their own headers and checksums; the figures are per segment (one op).
 * <ul>
 * <li>{@code tcpSegmenter}: {@link TcpSegmenter} alone, into one buffer.</li>
 * <li>{@code offloadReader}: the device's read as the packets thread makes it, {@link OffloadReader#read} into the
 * device's batch (64 entries): the read itself stands in for {@code readv} (the virtio header, then a copy of the
 * super-packet into the batch, as the kernel would copy it), then the move aside into the staging buffer and the
 * segmenting.</li>
 * </ul>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class SegmentingBenchmark {

    private ByteBuffer superPacket;
    private long superPacketAddress;
    private TcpSegmenter segmenter;
    private ByteBuffer segments;
    private long segmentsAddress;
    private OffloadReader reader;
    private PacketBatch batch;
    private long batchAddress;
    private OffloadReader.VectoredRead kernel;

    @Setup
    public void setUp() {
        superPacket = SuperPackets.ipv4();
        superPacketAddress = NativeStructs.address(superPacket);
        segmenter = new TcpSegmenter();
        segments = ByteBuffer.allocateDirect(2 * OffloadReader.MAX_PACKET);
        segmentsAddress = NativeStructs.address(segments);
        reader = new OffloadReader("bench0", NativeStructs::address);
        batch = PacketBatch.allocate(LinuxTunDevice.BATCH_SIZE, PacketBatch.MAX_PACKET + 63 * 2048);
        batchAddress = NativeStructs.address(batch.buffer());
        kernel = this::readSuperPacket;
    }

    /** {@code readv} of a TUN with {@code IFF_VNET_HDR}: the virtio header of a TSO super-packet, then the packet. */
    private long readSuperPacket(long iov, int count) {
        long header = NativeMemory.getLong(iov);
        long packet = NativeMemory.getLong(iov + 16);
        NativeMemory.putByte(header, (byte) 0);
        NativeMemory.putByte(header + 1, (byte) VirtioNetHeader.GSO_TCPV4);
        NativeMemory.putShort(header + 2, (short) SuperPackets.HEADERS);
        NativeMemory.putShort(header + 4, (short) SuperPackets.MSS);
        NativeMemory.putShort(header + 6, (short) 0);
        NativeMemory.putShort(header + 8, (short) 0);
        NativeMemory.copy(superPacketAddress, packet, SuperPackets.LENGTH);
        return VirtioNetHeader.SIZE + SuperPackets.LENGTH;
    }

    @Benchmark
    @OperationsPerInvocation(SuperPackets.SEGMENTS)
    public int tcpSegmenter() {
        segmenter.load(superPacket, 0, SuperPackets.LENGTH, SuperPackets.MSS);
        segments.clear();
        int bytes = 0;
        while (segmenter.hasNext()) {
            bytes += segmenter.next(segments, segmentsAddress);
        }
        return bytes;
    }

    @Benchmark
    @OperationsPerInvocation(SuperPackets.SEGMENTS)
    public int offloadReader() throws IOException {
        batch.clear();
        int read = reader.read(batch, batchAddress, kernel);
        if (read != SuperPackets.SEGMENTS) {
            throw new IllegalStateException(read + " segments instead of " + SuperPackets.SEGMENTS);
        }
        return batch.end();
    }
}
