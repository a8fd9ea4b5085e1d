package org.gost4j.tunnel.internal;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

import org.gost4j.api.device.IpNetwork;
import org.gost4j.api.transport.DatagramEndpoint;
import org.gost4j.api.transport.DatagramTransport;
import org.junit.After;
import org.junit.Before;
import org.junit.Test;

/** The server engine on real loopback UDP sockets, with an in-memory device. */
public class TunServerTest {

    private final QueueDevice device = new QueueDevice();
    private TunServer server;
    private DatagramSocket clientA;
    private DatagramSocket clientB;
    private InetSocketAddress serverAddress;

    @Before
    public void start() throws IOException {
        InetAddress loopback = InetAddress.getLoopbackAddress();
        TunnelSettings settings = new TunnelSettings("test", new InetSocketAddress(loopback, 0), null,
                List.of(IpNetwork.parse("192.168.123.1/24")), "", 1350, 1500, false, 10_000, List.of(), null, "", true);
        server = new TunServer(settings, device, new LoopbackUdp().open(settings.listen(), null));
        server.start();
        serverAddress = server.endpoint().localAddress();
        clientA = socket();
        clientB = socket();
    }

    @After
    public void stop() {
        server.close();
        clientA.close();
        clientB.close();
    }

    @Test(timeout = 10_000)
    public void registrationIsAnsweredAndRoutesDevicePacketsToTheClient() throws Exception {
        send(clientA, ControlMessage.registration("", List.of(IpKey.of(InetAddress.getByName("192.168.123.2")))));
        byte[] reply = receive(clientA);
        assertEquals(ControlMessage.REPLY_LENGTH, reply.length);
        assertArrayEquals(bytes(ControlMessage.reply((InetSocketAddress) clientA.getLocalSocketAddress())), reply);

        byte[] packet = bytes(Packets.ipv4("192.168.123.1", "192.168.123.2", 100));
        device.toEngine.add(packet);
        assertArrayEquals(packet, receive(clientA));
    }

    @Test(timeout = 10_000)
    public void learnsBarePeersFromTheInnerSourceAndForwardsBetweenClients() throws Exception {
        byte[] toServer = bytes(Packets.ipv4("192.168.123.2", "192.168.123.1", 10));
        send(clientA, ByteBuffer.wrap(toServer));
        assertArrayEquals(toServer, device.written());
        send(clientB, Packets.ipv4("192.168.123.3", "192.168.123.1", 10));
        device.written();

        byte[] aToB = bytes(Packets.ipv4("192.168.123.2", "192.168.123.3", 50));
        send(clientA, ByteBuffer.wrap(aToB));
        assertArrayEquals(aToB, receive(clientB));
        waitFor(() -> server.counters().packetsForwarded.sum(), 1);
    }

    @Test(timeout = 10_000)
    public void garbageIsDroppedAndCountedAndTheTunnelKeepsWorking() throws Exception {
        send(clientA, ByteBuffer.wrap(new byte[] {0x12, 0x34}));
        send(clientA, ByteBuffer.wrap(new byte[] {0x45, 0, 0, 20}));
        send(clientA, ByteBuffer.wrap(new byte[9000]));
        ByteBuffer oversized = Packets.ipv4("192.168.123.2", "192.168.123.1", 3000);
        send(clientA, oversized);
        ByteBuffer badControl = ByteBuffer.allocate(ControlMessage.HEADER_LENGTH + 5).putInt(ControlMessage.MAGIC);
        send(clientA, badControl.clear());
        send(clientA, ControlMessage.registration("", List.of(IpKey.of(InetAddress.getByName("192.168.123.1")))));
        waitFor(() -> server.counters().dropsTotal(), 6);
        assertEquals(1, server.counters().drops(DropReason.MALFORMED));
        assertEquals(1, server.counters().drops(DropReason.TRUNCATED));
        assertEquals(2, server.counters().drops(DropReason.OVERSIZED));
        assertEquals(2, server.counters().drops(DropReason.BAD_CONTROL));
        assertNull("nothing reached the device", device.fromEngine.poll(100, TimeUnit.MILLISECONDS));
        clientA.setSoTimeout(200);
        try {
            receive(clientA);
            fail("a registration claiming the server's own address was answered");
        } catch (SocketTimeoutException expected) {
            // ignored, as GOST does
        }

        byte[] valid = bytes(Packets.ipv4("192.168.123.2", "192.168.123.1", 10));
        send(clientA, ByteBuffer.wrap(valid));
        assertArrayEquals(valid, device.written());
    }

    @Test(timeout = 10_000)
    public void oneRegistrationCannotFillThePeerTable() throws Exception {
        List<IpKey> many = new java.util.ArrayList<>();
        for (int i = 0; i <= TunServer.MAX_ADDRESSES_PER_REGISTRATION; i++) {
            many.add(IpKey.of(InetAddress.getByName("10.1.0." + i)));
        }
        send(clientA, ControlMessage.registration("", many));
        waitFor(() -> server.counters().drops(DropReason.BAD_CONTROL), 1);
        assertEquals(0, server.peers().length);
    }

    @Test(timeout = 10_000)
    public void devicePacketsWithoutAPeerAreCountedAsNoRoute() {
        device.toEngine.add(bytes(Packets.ipv4("192.168.123.1", "192.168.123.77", 10)));
        waitFor(() -> server.counters().drops(DropReason.NO_ROUTE), 1);
    }

    private static void waitFor(LongSupplier counter, long expected) {
        long deadline = System.currentTimeMillis() + 5_000;
        while (counter.getAsLong() < expected) {
            assertTrue("counter stayed at " + counter.getAsLong() + ", expected " + expected,
                    System.currentTimeMillis() < deadline);
            Thread.onSpinWait();
        }
    }

    private static DatagramSocket socket() throws IOException {
        DatagramSocket socket = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        socket.setSoTimeout(2_000);
        return socket;
    }

    private void send(DatagramSocket from, ByteBuffer datagram) throws IOException {
        byte[] data = bytes(datagram);
        from.send(new DatagramPacket(data, data.length, serverAddress));
    }

    private static byte[] receive(DatagramSocket socket) throws IOException {
        DatagramPacket packet = new DatagramPacket(new byte[65536], 65536);
        socket.receive(packet);
        return java.util.Arrays.copyOf(packet.getData(), packet.getLength());
    }

    private static byte[] bytes(ByteBuffer buffer) {
        byte[] bytes = new byte[buffer.remaining()];
        buffer.duplicate().get(bytes);
        return bytes;
    }

    /** The production UDP transport lives in another bundle; this is the same JDK channel, unconnected. */
    private static final class LoopbackUdp implements DatagramTransport {
        @Override
        public DatagramEndpoint open(InetSocketAddress local, InetSocketAddress remote) throws IOException {
            java.nio.channels.DatagramChannel channel = java.nio.channels.DatagramChannel.open().bind(local);
            InetSocketAddress bound = (InetSocketAddress) channel.getLocalAddress();
            return new DatagramEndpoint() {
                @Override
                public InetSocketAddress receive(ByteBuffer dst) throws IOException {
                    return (InetSocketAddress) channel.receive(dst);
                }

                @Override
                public void send(ByteBuffer src, InetSocketAddress target) throws IOException {
                    channel.send(src, target);
                }

                @Override
                public InetSocketAddress localAddress() {
                    return bound;
                }

                @Override
                public void close() {
                    try {
                        channel.close();
                    } catch (IOException ignored) {
                        // test cleanup
                    }
                }
            };
        }
    }
}
