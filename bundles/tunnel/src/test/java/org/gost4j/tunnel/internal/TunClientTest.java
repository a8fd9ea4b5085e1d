package org.gost4j.tunnel.internal;

import static org.gost4j.tunnel.internal.LoopbackPeers.payload;
import static org.gost4j.tunnel.internal.LoopbackPeers.receive;
import static org.gost4j.tunnel.internal.LoopbackPeers.receivePacket;
import static org.gost4j.tunnel.internal.LoopbackPeers.socket;
import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

import org.gost4j.api.device.DeviceType;
import org.gost4j.api.device.IpNetwork;
import org.gost4j.api.transport.DatagramEndpoint;
import org.gost4j.support.options.TunnelOptions;
import org.gost4j.support.testing.LogCapture;
import org.junit.After;
import org.junit.Test;

/** The TUN client engine on a real loopback UDP socket, with an in-memory device, one thread serving both. */
public class TunClientTest {

    private static final int QUEUED = 50;
    private static final int ENGINES = 200;
    private static final long KEEPALIVE_TTL_MILLIS = 100;

    private DatagramSocket server;
    private TunClient client;

    @After
    public void stop() {
        if (client != null) {
            client.close();
            client = null;
        }
        if (server != null) {
            server.close();
            server = null;
        }
    }

    /**
     * A new engine (after a hand-over, or a client whose device already holds packets) registers before it sends
     * any data: a server with an auther drops data that comes before the registration, so the packets queued on
     * the device meanwhile would be lost. As after a hand-over, the engine's classes are loaded and compiled by
     * earlier engines first (a cold packets thread takes long enough to start that a race would go unseen).
     */
    @Test(timeout = 60_000)
    public void theRegistrationLeavesBeforeThePacketsQueuedOnTheDevice() throws Exception {
        for (int engine = 1; engine <= ENGINES; engine++) {
            byte[][] queued = new byte[QUEUED][];
            for (int i = 0; i < QUEUED; i++) {
                queued[i] = bytes(Packets.ipv4("192.168.124.2", "192.168.124.1", 8 + i));
            }
            QueueDevice device = new QueueDevice();
            device.injectBurst(queued);
            start(device);
            assertTrue("engine " + engine + ": the first datagram is the registration",
                    ControlMessage.isRegistration(ByteBuffer.wrap(receive(server))));
            for (int i = 0; i < QUEUED; i++) {
                assertArrayEquals("engine " + engine + ": queued packet " + i + " follows", queued[i],
                        receive(server));
            }
            stop();
        }
    }

    /**
     * A hand-over that closes the endpoint (one a thread of its own waits on, as a relay chain's, which is not
     * {@code Pollable}) first stops reading the device, then goes on writing to it what the network brings until
     * that is quiet: the answers to the last datagrams sent are not lost with the endpoint.
     */
    @Test(timeout = 20_000)
    public void aHandOverThatClosesTheEndpointDeliversWhatIsStillArriving() throws Exception {
        QueueDevice device = new QueueDevice();
        LoopbackUdp blocking = new LoopbackUdp();
        DatagramEndpoint endpoint = start(device, blocking,
                LoopbackUdp.withoutDescriptors(blocking.open(listen(), null)),
                FakePoller.reporting(() -> !device.toEngine.isEmpty(), null));
        assertTrue(ControlMessage.isRegistration(ByteBuffer.wrap(receive(server))));
        byte[] packet = bytes(Packets.ipv4("192.168.124.1", "192.168.124.2", 20));
        AtomicBoolean streaming = new AtomicBoolean(true);
        Thread sender = new Thread(() -> {
            while (streaming.get()) {
                try {
                    server.send(new DatagramPacket(packet, packet.length, endpoint.localAddress()));
                    Thread.sleep(1);
                } catch (IOException | InterruptedException e) {
                    return;
                }
            }
        });
        sender.start();
        try {
            assertArrayEquals("the server's stream reaches the device", packet, device.written());
            int before = device.writes.get();
            assertTrue("handed over", client.stopForHandOver());
            int during = device.writes.get() - before;
            assertTrue("the device was written while the hand-over drained the network: " + during, during >= 5);
        } finally {
            streaming.set(false);
            sender.join();
        }
    }

    /**
     * A reconnect (the server silent for three ttl: a new socket) registers through the new socket before the packets
     * thread sends through it, as a start does. Packets are queued on the device while the previous socket closes,
     * after the swap, and until the packets thread has read them: the first datagram the server gets from the new
     * socket must be the registration, then those packets.
     */
    @Test(timeout = 20_000)
    public void aReconnectRegistersThroughTheNewSocketBeforeItCarriesData() throws Exception {
        byte[][] queued = new byte[QUEUED][];
        for (int i = 0; i < QUEUED; i++) {
            queued[i] = bytes(Packets.ipv4("192.168.124.2", "192.168.124.1", 8 + i));
        }
        QueueDevice device = new QueueDevice();
        LoopbackUdp transport = LoopbackUdp.receivingNow();
        transport.beforeNextClose.set(() -> {
            device.injectBurst(queued);
            long deadline = System.currentTimeMillis() + 2_000;
            while (!device.toEngine.isEmpty() && System.currentTimeMillis() < deadline) {
                Thread.onSpinWait();
            }
        });
        DatagramEndpoint first = start(device, transport, transport.open(listen(), null), FakePoller.factory(),
                KEEPALIVE_TTL_MILLIS);
        DatagramPacket datagram;
        do {
            datagram = receivePacket(server); // the server stays silent, so the client reconnects
        } while (datagram.getSocketAddress().equals(first.localAddress()));
        SocketAddress reconnected = datagram.getSocketAddress();
        assertTrue("the first datagram from the new socket is the registration",
                ControlMessage.isRegistration(ByteBuffer.wrap(payload(datagram))));
        for (int i = 0; i < QUEUED; i++) {
            do {
                datagram = receivePacket(server);
            } while (ControlMessage.startsWithMagic(ByteBuffer.wrap(payload(datagram)))); // keepalives
            assertEquals("queued packet " + i + " leaves through the new socket", reconnected,
                    datagram.getSocketAddress());
            assertArrayEquals("queued packet " + i, queued[i], payload(datagram));
        }
    }

    /**
     * The registration a client sends while it starts, before its packets thread runs, is counted and logged when
     * the kernel refuses it, as any later send is: here a broadcast address on a socket without SO_BROADCAST.
     */
    @Test(timeout = 20_000)
    public void aFirstRegistrationTheKernelRefusesIsCountedAndLogged() throws Exception {
        InetSocketAddress broadcast = new InetSocketAddress(InetAddress.getByName("255.255.255.255"), 9);
        try (LogCapture log = new LogCapture(TunClient.class)) {
            LoopbackUdp transport = LoopbackUdp.receivingNow();
            TunnelSettings settings = new TunnelSettings("test", listen(), broadcast,
                    List.of(IpNetwork.parse("192.168.124.2/24")), "", 1350, 1500, false, 10_000, List.of(), List.of(),
                    "pw12345", false, "", "", DeviceType.TUN, null, true, TunnelOptions.DEFAULT_MAX_PEERS);
            client = new TunClient(settings, new QueueDevice().asTunnelDevice(), transport.open(listen(), null),
                    transport, FakePoller.factory());
            client.start();
            assertEquals(1, client.counters().drops(DropReason.SEND_FAILED));
            assertTrue(log.lines.toString(), log.count("sending to " + broadcast + " failed") > 0);
        }
    }

    private void start(QueueDevice device) throws Exception {
        LoopbackUdp transport = LoopbackUdp.receivingNow();
        start(device, transport, transport.open(listen(), null), FakePoller.factory());
    }

    private DatagramEndpoint start(QueueDevice device, LoopbackUdp transport, DatagramEndpoint endpoint,
            Poller.Factory pollers) throws Exception {
        return start(device, transport, endpoint, pollers, 0);
    }

    /** @param keepaliveTtlMillis 0 for no keepalive */
    private DatagramEndpoint start(QueueDevice device, LoopbackUdp transport, DatagramEndpoint endpoint,
            Poller.Factory pollers, long keepaliveTtlMillis) throws Exception {
        server = socket();
        boolean keepalive = keepaliveTtlMillis > 0;
        TunnelSettings settings = new TunnelSettings("test", listen(),
                (InetSocketAddress) server.getLocalSocketAddress(), List.of(IpNetwork.parse("192.168.124.2/24")), "",
                1350, 1500, keepalive, keepalive ? keepaliveTtlMillis : 10_000, List.of(), List.of(), "pw12345", false,
                "", "", DeviceType.TUN, null, true, TunnelOptions.DEFAULT_MAX_PEERS);
        client = new TunClient(settings, device.asTunnelDevice(), endpoint, transport, pollers);
        client.start();
        return endpoint;
    }

    private static InetSocketAddress listen() {
        return new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);
    }

    private static byte[] bytes(ByteBuffer packet) {
        byte[] bytes = new byte[packet.remaining()];
        packet.get(bytes);
        return bytes;
    }
}
