package org.gost4j.transport.udp.internal;

import java.io.IOException;
import java.net.InetSocketAddress;
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
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * A server's UDP receive, {@link NativeUdpEndpoint#readNow} into the packets thread's batch (128 entries), with
 * the {@code recvmmsg} replaced by a stand-in that fills in what the kernel would (per receive the sender's
 * {@code sockaddr_in6}, the {@code UDP_GRO} control message with the segment size, the length) but copies no
 * payload: what is measured is the Java side, the control message parsing, the sender's address and the
 * batch's entries. Each receive comes from the next of {@code senders} clients in turn. The figures are
 * per datagram (one op).
 * <ul>
 * <li>{@code groBursts}: one call is two GRO receives of 64 datagrams of 1350 bytes each (a bulk TCP transfer's
 * segments sent with GSO) in one {@code recvmmsg}, 128 datagrams, which fill the batch.</li>
 * <li>{@code singleDatagrams}: one call is 65 receives of one 100-byte datagram each, no control message (small
 * packets; veth does no GRO without NAPI), two in the first {@code recvmmsg} and one in each after it, until
 * fewer than 64 entries are left.</li>
 * </ul>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class UdpReceiveBenchmark {

    private static final int SOCKADDR = SocketAddresses.SOCKADDR_IN6_BYTES;
    private static final int MMSGHDR = 64;
    private static final int MMSG_LEN = 56;
    private static final int MSG_NAMELEN = 8;
    private static final int MSG_CONTROL = 32;
    private static final int MSG_CONTROLLEN = 40;
    private static final int DATAGRAM = 1350;

    @Param({"1", "1000"})
    public int senders;

    private ByteBuffer addresses;
    private long addressesBase;
    private int sender;
    private NativeUdpEndpoint groEndpoint;
    private NativeUdpEndpoint plainEndpoint;
    private PacketBatch batch;

    @Setup
    public void setUp() {
        addresses = NativeStructs.allocate(senders * SOCKADDR);
        addressesBase = NativeStructs.address(addresses);
        for (int i = 0; i < senders; i++) {
            ByteBuffer one = NativeStructs.allocate(SOCKADDR);
            SocketAddresses.write(new InetSocketAddress("172.16." + (i >> 8) + "." + (i & 255), 40000 + i), one);
            addresses.put(i * SOCKADDR, one, 0, SOCKADDR);
        }
        InetSocketAddress local = new InetSocketAddress(8421);
        groEndpoint = new NativeUdpEndpoint(-1, local, null, closed -> { }, new Kernel(true));
        plainEndpoint = new NativeUdpEndpoint(-1, local, null, closed -> { }, new Kernel(false));
        batch = PacketBatch.allocate(NativeUdpEndpoint.BATCH_SIZE, PacketBatch.MAX_PACKET
                + (NativeUdpEndpoint.BATCH_SIZE - 1) * 2048);
    }

    /** {@code recvmmsg} as the kernel answers it with datagrams (or GRO bursts) waiting from the next senders. */
    private final class Kernel implements UdpSyscalls {

        private final boolean gro;

        Kernel(boolean gro) {
            this.gro = gro;
        }

        @Override
        public int recvmmsg(int fd, long messages, int count, int flags) {
            for (int i = 0; i < count; i++) {
                fill(messages + (long) i * MMSGHDR);
            }
            return count;
        }

        private void fill(long message) {
            NativeMemory.copy(addressesBase + (long) sender * SOCKADDR, NativeMemory.getLong(message), SOCKADDR);
            NativeMemory.putInt(message + MSG_NAMELEN, SOCKADDR);
            sender = sender + 1 == senders ? 0 : sender + 1;
            if (!gro) {
                NativeMemory.putLong(message + MSG_CONTROLLEN, 0);
                NativeMemory.putInt(message + MMSG_LEN, 100);
                return;
            }
            long control = NativeMemory.getLong(message + MSG_CONTROL);
            NativeMemory.putLong(control, 16 + 4); // CMSG_LEN(sizeof(int))
            NativeMemory.putInt(control + 8, SocketConstants.SOL_UDP);
            NativeMemory.putInt(control + 12, SocketConstants.UDP_GRO);
            NativeMemory.putInt(control + 16, DATAGRAM);
            NativeMemory.putLong(message + MSG_CONTROLLEN, 24); // CMSG_SPACE(sizeof(int))
            NativeMemory.putInt(message + MMSG_LEN, NativeUdpEndpoint.MAX_GRO_SEGMENTS * DATAGRAM);
        }

        @Override
        public long sendmsg(int fd, long message, int flags) {
            throw new UnsupportedOperationException("receive only");
        }

        @Override
        public long sendto(int fd, long buffer, long length, int flags, long address, int addressLength) {
            throw new UnsupportedOperationException("receive only");
        }

        @Override
        public long address(ByteBuffer direct) {
            return NativeStructs.address(direct);
        }

        @Override
        public int close(int fd) {
            return 0; // no socket behind it
        }

        @Override
        public String strerror(int errno) {
            return "errno " + errno;
        }

        // no set-up: the endpoint is made over a socket that is not there

        @Override
        public int socket(int domain, int type, int protocol) {
            throw new UnsupportedOperationException("receive only");
        }

        @Override
        public int setsockopt(int fd, int level, int name, long value, int length) {
            throw new UnsupportedOperationException("receive only");
        }

        @Override
        public int bind(int fd, long address, int length) {
            throw new UnsupportedOperationException("receive only");
        }

        @Override
        public int connect(int fd, long address, int length) {
            throw new UnsupportedOperationException("receive only");
        }

        @Override
        public int getsockname(int fd, long address, long lengthPointer) {
            throw new UnsupportedOperationException("receive only");
        }

        @Override
        public int shutdown(int fd, int how) {
            throw new UnsupportedOperationException("receive only");
        }
    }

    @Benchmark
    @OperationsPerInvocation(2 * NativeUdpEndpoint.MAX_GRO_SEGMENTS)
    public int groBursts() throws IOException {
        batch.clear();
        int received = groEndpoint.readNow(batch);
        if (received != 2 * NativeUdpEndpoint.MAX_GRO_SEGMENTS || batch.length(received - 1) != DATAGRAM) {
            throw new IllegalStateException(received + " datagrams");
        }
        return received;
    }

    @Benchmark
    @OperationsPerInvocation(NativeUdpEndpoint.MAX_GRO_SEGMENTS + 1)
    public int singleDatagrams() throws IOException {
        batch.clear();
        int received = plainEndpoint.readNow(batch);
        if (received != NativeUdpEndpoint.MAX_GRO_SEGMENTS + 1) {
            throw new IllegalStateException(received + " datagrams");
        }
        return received;
    }
}
