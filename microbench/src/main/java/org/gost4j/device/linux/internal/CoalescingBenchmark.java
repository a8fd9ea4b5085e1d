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
 * Network → device on a server with offloads: one device write of the batch a UDP GRO receive made, 50 wire
 * segments of one TCP flow (1350 bytes each), which {@link TcpCoalescer} verifies (IPv4 and TCP
 * checksums), copies into its pending super-packet and hands over as one super-packet with a virtio header, the
 * way {@code LinuxTunDevice.write} drives it; the figures are per segment (one op). The sink stands in for the
 * {@code writev} and takes nothing.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class CoalescingBenchmark {

    /** Counts what it is handed instead of writing it to a TUN. */
    static final class CountingSink implements TcpCoalescer.Sink {
        int writes;
        long bytes;

        /** {@code iov}: {@code count} {@code struct iovec}s (base, then length), as {@code writev} takes them. */
        @Override
        public void write(long iov, int count) {
            writes++;
            for (int i = 0; i < count; i++) {
                bytes += NativeMemory.getLong(iov + 16L * i + 8);
            }
        }
    }

    private PacketBatch segments;
    private long address;
    private TcpCoalescer coalescer;
    private CountingSink sink;

    @Setup
    public void setUp() {
        segments = SuperPackets.segments();
        address = NativeStructs.address(segments.buffer());
        coalescer = new TcpCoalescer(NativeStructs::address);
        sink = new CountingSink();
    }

    @Benchmark
    @OperationsPerInvocation(SuperPackets.SEGMENTS)
    public int tcpCoalescer() throws IOException {
        int writesBefore = sink.writes;
        ByteBuffer buffer = segments.buffer();
        for (int i = 0; i < segments.size(); i++) {
            int offset = segments.offset(i);
            coalescer.write(buffer, offset, segments.length(i), address + offset, sink);
        }
        coalescer.flush(sink);
        int writes = sink.writes - writesBefore;
        if (writes != 1) {
            throw new IllegalStateException(writes + " writes instead of one super-packet");
        }
        return writes;
    }
}
