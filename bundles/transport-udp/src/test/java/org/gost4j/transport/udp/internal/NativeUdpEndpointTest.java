package org.gost4j.transport.udp.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertSame;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.DatagramChannel;

import java.util.List;

import org.gost4j.api.transport.DatagramEndpoint;
import org.junit.After;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.junit.runners.Parameterized;
import org.junit.runners.Parameterized.Parameters;

/**
 * The native endpoint's batches on real loopback sockets: GSO sends, GRO receives, plain JDK peers; with the
 * bundle's JNI library and with JNA, which stands in where the library does not load.
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

    private final UdpTransport transport;

    public NativeUdpEndpointTest(UdpSyscalls syscalls) {
        transport = new UdpTransport(true, syscalls);
    }

    private final InetSocketAddress anyLoopbackPort = new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);

    @After
    public void closeAll() {
        transport.deactivate();
    }

    @Test(timeout = 10_000)
    public void aSegmentedSendArrivesAsSeparateDatagramsInOrder() throws Exception {
        DatagramEndpoint server = transport.open(anyLoopbackPort, null);
        DatagramEndpoint client = transport.open(anyLoopbackPort, server.localAddress());
        client.send(segments(), SEGMENT, null);
        ByteBuffer buffer = ByteBuffer.allocateDirect(65536);
        int batched = 0;
        for (int i = 0; i < SEGMENTS; i++) {
            buffer.clear();
            assertEquals(client.localAddress(), server.receive(buffer));
            buffer.flip();
            assertEquals("datagram " + i, i == SEGMENTS - 1 ? LAST : SEGMENT, buffer.remaining());
            assertEquals("datagram " + i, (byte) i, buffer.get(0));
            assertEquals("datagram " + i, (byte) i, buffer.get(buffer.limit() - 1));
            if (server.hasBuffered()) {
                batched++;
            }
        }
        assertFalse(server.hasBuffered());
        assertTrue("GRO handed over the GSO send in batches (" + batched + " datagrams had more behind them)",
                batched > 0);
    }

    @Test(timeout = 10_000)
    public void aBadTargetFailsTheSendButLeavesSegmentedSendsOn() throws Exception {
        DatagramEndpoint server = transport.open(anyLoopbackPort, null);
        DatagramEndpoint client = transport.open(anyLoopbackPort, null);
        try {
            client.send(segments(), SEGMENT, new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            fail("port 0 is no destination");
        } catch (IOException expected) {
            // the kernel refuses the target, not segmentation
        }
        client.send(segments(), SEGMENT, server.localAddress());
        ByteBuffer buffer = ByteBuffer.allocateDirect(65536);
        int batched = 0;
        for (int i = 0; i < SEGMENTS; i++) {
            buffer.clear();
            server.receive(buffer);
            assertEquals("datagram " + i, (byte) i, buffer.get(0));
            batched += server.hasBuffered() ? 1 : 0;
        }
        assertTrue("still one GSO send, received as GRO batches", batched > 0);
    }

    @Test(timeout = 10_000)
    public void aJdkPeerReceivesASegmentedSendAsOrdinaryDatagrams() throws Exception {
        try (DatagramChannel jdk = DatagramChannel.open()) {
            jdk.setOption(StandardSocketOptions.SO_RCVBUF, 1 << 20);
            jdk.bind(anyLoopbackPort);
            DatagramEndpoint sender = transport.open(anyLoopbackPort, null);
            sender.send(segments(), SEGMENT, (InetSocketAddress) jdk.getLocalAddress());
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
            ByteBuffer buffer = ByteBuffer.allocateDirect(2048);
            for (int i = 0; i < 100; i++) {
                buffer.clear();
                InetSocketAddress sender = server.receive(buffer);
                assertEquals(3, buffer.position());
                assertEquals((byte) i, buffer.get(0));
                assertEquals((i % 2 == 0 ? a : b).getLocalAddress(), sender);
            }
        }
    }

    @Test(timeout = 10_000)
    public void theSameSenderIsReportedWithTheSameObject() throws Exception {
        DatagramEndpoint server = transport.open(anyLoopbackPort, null);
        DatagramEndpoint client = transport.open(anyLoopbackPort, null);
        ByteBuffer buffer = ByteBuffer.allocateDirect(2048);
        client.send(ByteBuffer.wrap(new byte[] {1}), server.localAddress());
        client.send(ByteBuffer.wrap(new byte[] {2}), server.localAddress());
        InetSocketAddress first = server.receive(buffer);
        buffer.clear();
        assertSame(first, server.receive(buffer));
        assertEquals(client.localAddress(), first);
    }

    @Test(timeout = 10_000)
    public void aDatagramLongerThanTheBufferIsTruncated() throws Exception {
        DatagramEndpoint server = transport.open(anyLoopbackPort, null);
        DatagramEndpoint client = transport.open(anyLoopbackPort, server.localAddress());
        client.send(ByteBuffer.allocate(3000), null);
        client.send(ByteBuffer.wrap(new byte[] {7}), null);
        ByteBuffer small = ByteBuffer.allocate(100);
        server.receive(small);
        assertEquals(100, small.position());
        small.clear();
        server.receive(small);
        assertEquals(1, small.position());
        assertEquals(7, small.get(0));
    }

    @Test(timeout = 10_000)
    public void ipv6LoopbackWorksBothWays() throws Exception {
        InetSocketAddress any6 = new InetSocketAddress(InetAddress.getByName("::1"), 0);
        DatagramEndpoint server = transport.open(any6, null);
        DatagramEndpoint client = transport.open(any6, server.localAddress());
        client.send(segments(), SEGMENT, null);
        ByteBuffer buffer = ByteBuffer.allocateDirect(65536);
        InetSocketAddress sender = null;
        for (int i = 0; i < SEGMENTS; i++) {
            buffer.clear();
            sender = server.receive(buffer);
            assertEquals((byte) i, buffer.get(0));
        }
        assertEquals(client.localAddress(), sender);
        server.send(ByteBuffer.wrap(new byte[] {9, 9}), sender);
        buffer.clear();
        assertEquals(server.localAddress(), client.receive(buffer));
        assertEquals(2, buffer.position());
    }

    @Test(timeout = 10_000)
    public void receiveNowTakesWhatIsWaitingWithoutBlockingAndTheDescriptorPollsReadable() throws Exception {
        DatagramEndpoint server = transport.open(anyLoopbackPort, null);
        DatagramEndpoint client = transport.open(anyLoopbackPort, server.localAddress());
        ByteBuffer buffer = ByteBuffer.allocateDirect(65536);
        assertTrue(server.readinessDescriptor() >= 0);
        assertNull(server.receiveNow(buffer));
        assertEquals(0, buffer.position());
        assertFalse(Poll.readable(server.readinessDescriptor(), 0));

        client.send(segments(), SEGMENT, null);
        assertTrue(Poll.readable(server.readinessDescriptor(), 2_000));
        for (int i = 0; i < SEGMENTS; i++) {
            buffer.clear();
            InetSocketAddress sender = server.receiveNow(buffer);
            assertEquals("datagram " + i, client.localAddress(), sender);
            assertEquals("datagram " + i, i == SEGMENTS - 1 ? LAST : SEGMENT, buffer.position());
            assertEquals("datagram " + i, (byte) i, buffer.get(0));
        }
        buffer.clear();
        assertNull(server.receiveNow(buffer));
    }

    @Test(timeout = 10_000)
    public void closingMakesTheDescriptorPollReadableAndReceiveNowFail() throws Exception {
        DatagramEndpoint server = transport.open(anyLoopbackPort, null);
        int descriptor = server.readinessDescriptor();
        Thread closer = new Thread(() -> {
            sleepQuietly(200);
            server.close();
        });
        closer.start();
        assertTrue("a poll in progress wakes up when the endpoint closes", Poll.readable(descriptor, 5_000));
        closer.join();
        try {
            server.receiveNow(ByteBuffer.allocateDirect(100));
            fail("receiveNow on a closed endpoint");
        } catch (ClosedChannelException expected) {
            // the engine takes this as: stop, or take the replacement
        }
    }

    private static void sleepQuietly(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** {@link #SEGMENTS} datagrams back to back, each filled with its index, the last shorter. */
    private static ByteBuffer segments() {
        ByteBuffer all = ByteBuffer.allocateDirect((SEGMENTS - 1) * SEGMENT + LAST);
        for (int i = 0; i < SEGMENTS; i++) {
            int length = i == SEGMENTS - 1 ? LAST : SEGMENT;
            for (int j = 0; j < length; j++) {
                all.put((byte) i);
            }
        }
        return all.flip();
    }
}
