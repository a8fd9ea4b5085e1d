package org.gost4j.transport.udp.internal;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertSame;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.io.IOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.DatagramChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import org.gost4j.api.io.PacketBatch;
import org.gost4j.api.io.Pollable;
import org.gost4j.api.transport.DatagramEndpoint;
import org.junit.After;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.junit.runners.Parameterized;
import org.junit.runners.Parameterized.Parameters;

/**
 * The native endpoint's batches on real loopback sockets: GSO sends of runs, GRO receives straight into the
 * batch, plain JDK peers; with the bundle's JNI library and with JNA, which stands in where the library does not
 * load.
 */
@RunWith(Parameterized.class)
public class NativeUdpEndpointTest {

    @Parameters(name = "{0}")
    public static List<UdpSyscalls> syscalls() {
        return List.of(JniUdpSyscalls.INSTANCE, JnaUdpSyscalls.INSTANCE);
    }

    private static final int SEGMENT = 1350;
    private static final int SEGMENTS = 40;
    private static final int LAST = 500;

    /** Counts the send calls, to see runs leave as one GSO send. */
    private static final class Counting implements UdpSyscalls {
        final UdpSyscalls real;
        final AtomicInteger recvmmsg = new AtomicInteger();
        final AtomicInteger sendmsg = new AtomicInteger();
        final AtomicInteger sendto = new AtomicInteger();

        Counting(UdpSyscalls real) {
            this.real = real;
        }

        @Override
        public int recvmmsg(int fd, long messages, int count, int flags) {
            recvmmsg.incrementAndGet();
            return real.recvmmsg(fd, messages, count, flags);
        }

        @Override
        public long sendmsg(int fd, long message, int flags) {
            sendmsg.incrementAndGet();
            return real.sendmsg(fd, message, flags);
        }

        @Override
        public long sendto(int fd, long buffer, long length, int flags, long address, int addressLength) {
            sendto.incrementAndGet();
            return real.sendto(fd, buffer, length, flags, address, addressLength);
        }

        @Override
        public int socket(int domain, int type, int protocol) {
            return real.socket(domain, type, protocol);
        }

        @Override
        public int setsockopt(int fd, int level, int name, long value, int length) {
            return real.setsockopt(fd, level, name, value, length);
        }

        @Override
        public int bind(int fd, long address, int length) {
            return real.bind(fd, address, length);
        }

        @Override
        public int connect(int fd, long address, int length) {
            return real.connect(fd, address, length);
        }

        @Override
        public int getsockname(int fd, long address, long lengthPointer) {
            return real.getsockname(fd, address, lengthPointer);
        }

        @Override
        public int shutdown(int fd, int how) {
            return real.shutdown(fd, how);
        }

        @Override
        public int close(int fd) {
            return real.close(fd);
        }

        @Override
        public String strerror(int errno) {
            return real.strerror(errno);
        }

        @Override
        public long address(ByteBuffer direct) {
            return real.address(direct);
        }
    }

    private final Counting calls;
    private final UdpTransport transport;

    public NativeUdpEndpointTest(UdpSyscalls syscalls) {
        calls = new Counting(syscalls);
        transport = new UdpTransport(true, calls);
    }

    private final InetSocketAddress anyLoopbackPort = new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);

    @After
    public void closeAll() {
        transport.deactivate();
    }

    /** A datagram received, with its sender. */
    private record Received(byte[] bytes, InetSocketAddress sender) {
    }

    @Test(timeout = 10_000)
    public void aRunOfEqualDatagramsLeavesInOneSendAndArrivesInOrderInFewReceives() throws Exception {
        DatagramEndpoint server = transport.open(anyLoopbackPort, null);
        DatagramEndpoint client = transport.open(anyLoopbackPort, server.localAddress());
        client.send(segments(server.localAddress()));
        assertEquals("one GSO send", 1, calls.sendmsg.get());
        assertEquals(0, calls.sendto.get());
        AtomicInteger receives = new AtomicInteger();
        List<Received> received = receive(server, SEGMENTS, receives);
        for (int i = 0; i < SEGMENTS; i++) {
            assertEquals("datagram " + i, i == SEGMENTS - 1 ? LAST : SEGMENT, received.get(i).bytes.length);
            assertEquals("datagram " + i, (byte) i, received.get(i).bytes[0]);
            assertEquals(client.localAddress(), received.get(i).sender);
        }
        assertTrue("GRO handed the send over in batches: " + receives + " receives", receives.get() < SEGMENTS);
    }

    @Test(timeout = 10_000)
    public void runsEndAtAnotherPeerAShorterDatagramOrAGap() throws Exception {
        DatagramEndpoint a = transport.open(anyLoopbackPort, null);
        DatagramEndpoint b = transport.open(anyLoopbackPort, null);
        DatagramEndpoint sender = transport.open(anyLoopbackPort, null);
        PacketBatch batch = PacketBatch.allocate(16, PacketBatch.MAX_PACKET);
        int at = 0;
        int[] lengths = {100, 100, 100, 100, 50, 100, 100, 100};
        InetSocketAddress[] targets = {a.localAddress(), a.localAddress(), a.localAddress(), b.localAddress(),
            a.localAddress(), a.localAddress(), a.localAddress(), a.localAddress()};
        for (int i = 0; i < lengths.length; i++) {
            for (int j = 0; j < lengths[i]; j++) {
                batch.buffer().put(at + j, (byte) i);
            }
            batch.add(at, lengths[i], targets[i]);
            at += lengths[i] + (i == 6 ? 10 : 0); // a gap before the last
        }
        sender.send(batch);
        assertEquals("a0-a2, a5-a6", 2, calls.sendmsg.get());
        assertEquals("b3, a4 (shorter, after another peer), a7 (after a gap)", 3, calls.sendto.get());
        List<Received> atA = receive(a, 7, new AtomicInteger());
        int[] order = {0, 1, 2, 4, 5, 6, 7};
        for (int i = 0; i < order.length; i++) {
            assertEquals((byte) order[i], atA.get(i).bytes[0]);
            assertEquals(lengths[order[i]], atA.get(i).bytes.length);
        }
        assertEquals((byte) 3, receive(b, 1, new AtomicInteger()).get(0).bytes[0]);
    }

    @Test(timeout = 10_000)
    public void aBadTargetFailsTheSendButLeavesSegmentedSendsOn() throws Exception {
        DatagramEndpoint server = transport.open(anyLoopbackPort, null);
        DatagramEndpoint client = transport.open(anyLoopbackPort, null);
        try {
            client.send(segments(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0)));
            fail("port 0 is no destination");
        } catch (IOException expected) {
            // the kernel refuses the target, not segmentation
        }
        int before = calls.sendmsg.get();
        client.send(segments(server.localAddress()));
        assertEquals("still one GSO send", before + 1, calls.sendmsg.get());
        List<Received> received = receive(server, SEGMENTS, new AtomicInteger());
        for (int i = 0; i < SEGMENTS; i++) {
            assertEquals("datagram " + i, (byte) i, received.get(i).bytes[0]);
        }
    }

    @Test(timeout = 10_000)
    public void aJdkPeerReceivesARunAsOrdinaryDatagrams() throws Exception {
        try (DatagramChannel jdk = DatagramChannel.open()) {
            jdk.setOption(StandardSocketOptions.SO_RCVBUF, 1 << 20);
            jdk.bind(anyLoopbackPort);
            DatagramEndpoint sender = transport.open(anyLoopbackPort, null);
            sender.send(segments((InetSocketAddress) jdk.getLocalAddress()));
            ByteBuffer buffer = ByteBuffer.allocate(65536);
            for (int i = 0; i < SEGMENTS; i++) {
                buffer.clear();
                assertEquals(sender.localAddress(), jdk.receive(buffer));
                assertEquals("datagram " + i, i == SEGMENTS - 1 ? LAST : SEGMENT, buffer.position());
                assertEquals("datagram " + i, (byte) i, buffer.get(0));
            }
        }
    }

    @Test(timeout = 10_000)
    public void aBurstFromJdkPeersIsReceivedWithEachSender() throws Exception {
        DatagramEndpoint server = transport.open(anyLoopbackPort, null);
        try (DatagramChannel a = DatagramChannel.open(); DatagramChannel b = DatagramChannel.open()) {
            a.bind(anyLoopbackPort);
            b.bind(anyLoopbackPort);
            for (int i = 0; i < 100; i++) {
                DatagramChannel from = i % 2 == 0 ? a : b;
                from.send(ByteBuffer.wrap(new byte[] {(byte) i, 1, 2}), server.localAddress());
            }
            List<Received> received = receive(server, 100, new AtomicInteger());
            for (int i = 0; i < 100; i++) {
                assertEquals(3, received.get(i).bytes.length);
                assertEquals((byte) i, received.get(i).bytes[0]);
                assertEquals((i % 2 == 0 ? a : b).getLocalAddress(), received.get(i).sender);
            }
        }
    }

    @Test(timeout = 10_000)
    public void theSameSenderIsReportedWithTheSameObject() throws Exception {
        DatagramEndpoint server = transport.open(anyLoopbackPort, null);
        DatagramEndpoint client = transport.open(anyLoopbackPort, null);
        client.send(ByteBuffer.wrap(new byte[] {1}), server.localAddress());
        client.send(ByteBuffer.wrap(new byte[] {2}), server.localAddress());
        List<Received> received = receive(server, 2, new AtomicInteger());
        assertSame(received.get(0).sender, received.get(1).sender);
        assertEquals(client.localAddress(), received.get(0).sender);
    }

    @Test(timeout = 10_000)
    public void aBatchWithoutRoomForAGroReceiveIsRefused() throws Exception {
        DatagramEndpoint server = transport.open(anyLoopbackPort, null);
        assertEquals(NativeUdpEndpoint.BATCH_SIZE, server.batchSize());
        assertThrows(IllegalArgumentException.class,
                () -> server.receive(PacketBatch.allocate(1, PacketBatch.MAX_PACKET)));
    }

    @Test(timeout = 10_000)
    public void aTakenPortFailsTheOpenWithTheCLibrarysTextAndLeavesTheOwnerWorking() throws Exception {
        DatagramEndpoint owner = transport.open(anyLoopbackPort, null);
        BindException taken = assertThrows(BindException.class, () -> transport.open(owner.localAddress(), null));
        assertEquals("cannot bind UDP " + owner.localAddress() + ": Address already in use", taken.getMessage());
        DatagramEndpoint client = transport.open(anyLoopbackPort, owner.localAddress());
        client.send(ByteBuffer.wrap(new byte[] {7}), null);
        assertArrayEquals(new byte[] {7}, receive(owner, 1, new AtomicInteger()).get(0).bytes);
    }

    @Test
    public void errnoTextsAndBufferAddressesComeFromTheCalls() {
        UdpSyscalls real = calls.real;
        assertEquals("Invalid argument", real.strerror(SocketConstants.EINVAL));
        assertEquals("Connection refused", real.strerror(SocketConstants.ECONNREFUSED));
        ByteBuffer direct = ByteBuffer.allocateDirect(16);
        long address = real.address(direct);
        assertTrue(address != 0);
        assertEquals("the address of a slice's first byte", address + 4, real.address(direct.slice(4, 8)));
        assertThrows(IllegalArgumentException.class, () -> real.address(ByteBuffer.allocate(16)));
    }

    @Test
    public void aFailedCallReturnsMinusErrno() {
        UdpSyscalls real = calls.real;
        assertEquals(-9 /* EBADF */, real.close(-1));
        assertEquals(-9, real.shutdown(-1, SocketConstants.SHUT_RDWR));
        assertEquals(-9, real.setsockopt(-1, SocketConstants.SOL_SOCKET, SocketConstants.SO_RCVBUF, 0, 4));
    }

    @Test(timeout = 10_000)
    public void ipv6LoopbackWorksBothWays() throws Exception {
        InetSocketAddress any6 = new InetSocketAddress(InetAddress.getByName("::1"), 0);
        DatagramEndpoint server = transport.open(any6, null);
        DatagramEndpoint client = transport.open(any6, server.localAddress());
        client.send(segments(server.localAddress()));
        List<Received> received = receive(server, SEGMENTS, new AtomicInteger());
        assertEquals((byte) (SEGMENTS - 1), received.get(SEGMENTS - 1).bytes[0]);
        InetSocketAddress sender = received.get(0).sender;
        assertEquals(client.localAddress(), sender);
        server.send(ByteBuffer.wrap(new byte[] {9, 9}), sender);
        Received back = receive(client, 1, new AtomicInteger()).get(0);
        assertEquals(server.localAddress(), back.sender);
        assertArrayEquals(new byte[] {9, 9}, back.bytes);
    }

    @Test(timeout = 10_000)
    public void readNowTakesWhatIsWaitingWithoutBlockingAndTheDescriptorPollsReadable() throws Exception {
        DatagramEndpoint server = transport.open(anyLoopbackPort, null);
        DatagramEndpoint client = transport.open(anyLoopbackPort, server.localAddress());
        Pollable pollable = (Pollable) server;
        PacketBatch batch = batch();
        int[] descriptors = pollable.acquireDescriptors();
        try {
            assertEquals(0, pollable.readNow(batch));
            assertEquals(0, batch.size());
            assertFalse(Poll.readable(descriptors[0], 0));
            client.send(segments(server.localAddress()));
            assertTrue(Poll.readable(descriptors[0], 2_000));
            int taken = 0;
            while (taken < SEGMENTS) {
                int added = pollable.readNow(batch);
                assertTrue("the run is waiting", added > 0);
                taken += added;
            }
            for (int i = 0; i < SEGMENTS; i++) {
                assertEquals("datagram " + i, client.localAddress(), batch.address(i));
                assertEquals("datagram " + i, i == SEGMENTS - 1 ? LAST : SEGMENT, batch.length(i));
                assertEquals("datagram " + i, (byte) i, batch.buffer().get(batch.offset(i)));
            }
            assertEquals(0, pollable.readNow(batch));
        } finally {
            pollable.releaseDescriptors();
        }
    }

    /**
     * A quiet tunnel's datagram takes one call: the first receive asks for two, and one coming back says nothing
     * else was waiting. After two, receives go on one at a time until one finds nothing.
     */
    @Test(timeout = 10_000)
    public void aLoneDatagramTakesOneCallAndABurstIsTakenToTheLast() throws Exception {
        DatagramEndpoint server = transport.open(anyLoopbackPort, null);
        DatagramEndpoint client = transport.open(anyLoopbackPort, server.localAddress());
        Pollable pollable = (Pollable) server;
        int[] descriptors = pollable.acquireDescriptors();
        try {
            client.send(ByteBuffer.wrap(new byte[] {1}), server.localAddress());
            assertTrue(Poll.readable(descriptors[0], 2_000));
            calls.recvmmsg.set(0);
            PacketBatch batch = batch();
            assertEquals(1, pollable.readNow(batch));
            assertEquals("one call", 1, calls.recvmmsg.get());

            for (int i = 2; i <= 4; i++) {
                client.send(ByteBuffer.wrap(new byte[i]), server.localAddress());
            }
            awaitAllQueued(descriptors[0]);
            calls.recvmmsg.set(0);
            batch.clear();
            assertEquals(3, pollable.readNow(batch));
            for (int i = 0; i < 3; i++) {
                assertEquals("datagram " + i, i + 2, batch.length(i));
                assertEquals("datagram " + i, client.localAddress(), batch.address(i));
            }
            assertEquals("two at once, then one, then one that finds nothing", 3, calls.recvmmsg.get());
        } finally {
            pollable.releaseDescriptors();
        }
    }

    /**
     * Large datagrams waiting together arrive whole: each receive of a call has 64 kB of the batch to itself, and
     * a receive is made only while the batch has that room.
     */
    @Test(timeout = 10_000)
    public void largeDatagramsWaitingTogetherArriveWhole() throws Exception {
        DatagramEndpoint server = transport.open(anyLoopbackPort, null);
        Pollable pollable = (Pollable) server;
        int[] descriptors = pollable.acquireDescriptors();
        int size = 60_000;
        int count = 6;
        try {
            for (int i = 0; i < count; i++) {
                sendFromJdkPeer(large(size, i), server);
            }
            awaitAllQueued(descriptors[0]);
            PacketBatch batch = batch();
            int taken = 0;
            while (taken < count) {
                batch.clear();
                int added = pollable.readNow(batch);
                assertTrue("all are waiting", added > 0);
                for (int i = 0; i < added; i++, taken++) {
                    assertEquals("datagram " + taken, size, batch.length(i));
                    assertEquals("datagram " + taken, (byte) taken, batch.buffer().get(batch.offset(i)));
                    assertEquals("datagram " + taken, (byte) taken, batch.buffer().get(batch.offset(i) + size - 1));
                }
            }
        } finally {
            pollable.releaseDescriptors();
        }
    }

    /**
     * A batch with the entries for two receives but the bytes for one large datagram only is given one receive
     * per call: the second would lie past the buffer's end.
     */
    @Test(timeout = 10_000)
    public void aBatchWithRoomForOneLargeDatagramTakesOne() throws Exception {
        DatagramEndpoint server = transport.open(anyLoopbackPort, null);
        Pollable pollable = (Pollable) server;
        int[] descriptors = pollable.acquireDescriptors();
        int size = 60_000;
        try {
            sendFromJdkPeer(large(size, 1), server);
            sendFromJdkPeer(large(size, 2), server);
            awaitAllQueued(descriptors[0]);
            PacketBatch batch = PacketBatch.allocate(NativeUdpEndpoint.BATCH_SIZE, 100_000);
            assertEquals(1, pollable.readNow(batch));
            assertEquals(size, batch.length(0));
            assertEquals(1, batch.buffer().get(batch.offset(0) + size - 1));
            batch.clear();
            assertEquals("the second waited", 1, pollable.readNow(batch));
            assertEquals(2, batch.buffer().get(batch.offset(0) + size - 1));
        } finally {
            pollable.releaseDescriptors();
        }
    }

    /** {@code size} bytes starting and ending with {@code mark}. */
    private static byte[] large(int size, int mark) {
        byte[] datagram = new byte[size];
        datagram[0] = (byte) mark;
        datagram[size - 1] = (byte) mark;
        return datagram;
    }

    private void sendFromJdkPeer(byte[] datagram, DatagramEndpoint to) throws IOException {
        try (DatagramChannel peer = DatagramChannel.open()) {
            peer.bind(anyLoopbackPort);
            peer.send(ByteBuffer.wrap(datagram), to.localAddress());
        }
    }

    /** Until the socket polls readable, and a little more: the loopback's delivery of the last may trail the first. */
    private static void awaitAllQueued(int descriptor) throws InterruptedException {
        assertTrue(Poll.readable(descriptor, 2_000));
        Thread.sleep(100);
    }

    @Test(timeout = 10_000)
    public void closingMakesTheDescriptorPollReadableAndReadNowFail() throws Exception {
        DatagramEndpoint server = transport.open(anyLoopbackPort, null);
        Pollable pollable = (Pollable) server;
        int descriptor = pollable.acquireDescriptors()[0];
        Thread closer = new Thread(() -> {
            sleepQuietly(200);
            server.close();
        });
        closer.start();
        assertTrue("a poll in progress wakes up when the endpoint closes", Poll.readable(descriptor, 5_000));
        closer.join();
        assertThrows("the engine takes this as: stop, or take the replacement", ClosedChannelException.class,
                () -> pollable.readNow(batch()));
        pollable.releaseDescriptors();
        assertThrows(ClosedChannelException.class, pollable::acquireDescriptors);
    }

    private static void sleepQuietly(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static PacketBatch batch() {
        return PacketBatch.allocate(NativeUdpEndpoint.BATCH_SIZE, 4 * PacketBatch.MAX_PACKET);
    }

    /** Receives until {@code count} datagrams came, counting the receive calls. */
    private static List<Received> receive(DatagramEndpoint endpoint, int count, AtomicInteger receives)
            throws IOException {
        List<Received> received = new ArrayList<>();
        PacketBatch batch = batch();
        while (received.size() < count) {
            batch.clear();
            endpoint.receive(batch);
            receives.incrementAndGet();
            for (int i = 0; i < batch.size(); i++) {
                byte[] bytes = new byte[batch.length(i)];
                batch.buffer().get(batch.offset(i), bytes);
                received.add(new Received(bytes, batch.address(i)));
            }
        }
        return received;
    }

    /** {@link #SEGMENTS} datagrams for {@code target} back to back, each filled with its index, the last shorter. */
    private static PacketBatch segments(InetSocketAddress target) {
        PacketBatch batch = PacketBatch.allocate(SEGMENTS, PacketBatch.MAX_PACKET);
        int at = 0;
        for (int i = 0; i < SEGMENTS; i++) {
            int length = i == SEGMENTS - 1 ? LAST : SEGMENT;
            for (int j = 0; j < length; j++) {
                batch.buffer().put(at + j, (byte) i);
            }
            batch.add(at, length, target);
            at += length;
        }
        return batch;
    }
}
