package org.gost4j.tunnel.internal;

import static org.gost4j.tunnel.internal.LoopbackPeers.receive;
import static org.gost4j.tunnel.internal.LoopbackPeers.socket;
import static org.gost4j.tunnel.internal.LoopbackPeers.waitFor;
import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.gost4j.api.device.DeviceType;
import org.gost4j.api.device.IpNetwork;
import org.gost4j.support.options.TunnelOptions;
import org.junit.After;
import org.junit.Before;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.junit.runners.Parameterized;
import org.junit.runners.Parameterized.Parameter;
import org.junit.runners.Parameterized.Parameters;

/**
 * The TAP server engine on real loopback UDP sockets, with an in-memory device; with one thread per direction
 * and with one thread serving both.
 */
@RunWith(Parameterized.class)
public class TapServerTest {

    @Parameters(name = "{0}")
    public static List<Object[]> modes() {
        return List.of(new Object[] {"two threads"}, new Object[] {"one thread"});
    }

    @Parameter
    public String mode;

    private static final String A = "02:00:00:00:00:0a";
    private static final String B = "02:00:00:00:00:0b";
    private static final String SERVER = "02:00:00:00:00:01";
    private static final String BROADCAST = "ff:ff:ff:ff:ff:ff";

    private QueueDevice device;
    private TapServer server;
    private DatagramSocket clientA;
    private DatagramSocket clientB;
    private InetSocketAddress serverAddress;

    @Before
    public void makeDevice() {
        device = new QueueDevice();
    }

    private void start(int maxMacs, long agingMillis) throws IOException {
        InetAddress loopback = InetAddress.getLoopbackAddress();
        TunnelSettings settings = new TunnelSettings("test", new InetSocketAddress(loopback, 0), null,
                List.of(IpNetwork.parse("192.168.124.1/24")), "", 1350, 1500, false, 10_000, List.of(), List.of(), "",
                false, "", "", DeviceType.TAP, null, true, TunnelOptions.DEFAULT_MAX_PEERS);
        LoopbackUdp transport = mode.equals("one thread") ? LoopbackUdp.receivingNow() : new LoopbackUdp();
        Poller.Factory pollers = mode.equals("one thread") ? FakePoller.factory() : () -> null;
        server = new TapServer(settings, device.asTunnelDevice(), transport.open(settings.listen(), null), pollers,
                maxMacs, agingMillis);
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

    @Test(timeout = 20_000)
    public void bridgesBetweenClientsAndTheDevice() throws Exception {
        start(100, 60_000);
        byte[] fromA = Frames.frame(BROADCAST, A, 28);
        send(clientA, fromA);
        assertArrayEquals("broadcast reaches the device", fromA, device.written());
        byte[] fromB = Frames.frame(BROADCAST, B, 28);
        send(clientB, fromB);
        assertArrayEquals(fromB, device.written());
        assertArrayEquals("broadcast reaches the other client", fromB, receive(clientA));

        byte[] aToB = Frames.frame(B, A, 100);
        send(clientA, aToB);
        assertArrayEquals("known unicast goes to its owner", aToB, receive(clientB));

        byte[] serverToA = Frames.frame(A, SERVER, 60);
        device.toEngine.add(serverToA);
        assertArrayEquals(serverToA, receive(clientA));

        byte[] aToServer = Frames.frame(SERVER, A, 60);
        send(clientA, aToServer);
        assertArrayEquals("the device's MAC is learned from its frames", aToServer, device.written());

        byte[] multicast = Frames.frame("33:33:ff:00:00:0b", SERVER, 50);
        device.toEngine.add(multicast);
        assertArrayEquals("multicast is flooded", multicast, receive(clientA));
        assertArrayEquals(multicast, receive(clientB));

        byte[] unknown = Frames.frame("02:00:00:00:00:99", A, 40);
        send(clientA, unknown);
        assertArrayEquals("unknown unicast is flooded", unknown, receive(clientB));
        assertArrayEquals(unknown, device.written());

        assertNull("the frame to the server's MAC went to the device only, the multicast was not echoed",
                poll(clientB));
        assertNull(poll(clientA));
        assertEquals(Arrays.toString(server.peers()), 3, server.peers().length);
    }

    @Test(timeout = 20_000)
    public void framesReadAsOneBatchAreForwardedOneByOne() throws Exception {
        start(100, 60_000);
        send(clientA, Frames.frame(BROADCAST, A, 28));
        device.written();
        byte[] first = Frames.frame(A, SERVER, 60);
        byte[] last = Frames.frame(A, SERVER, 20);
        device.injectBurst(first, last);
        assertArrayEquals(first, receive(clientA));
        assertArrayEquals(last, receive(clientA));
        waitFor(() -> server.counters().packetsFromDevice.sum(), 2);
    }

    @Test(timeout = 20_000)
    public void theTableIsCappedAndTheOverflowCounted() throws Exception {
        start(3, 60_000);
        for (int i = 1; i <= 5; i++) {
            send(clientA, Frames.frame(BROADCAST, "02:00:00:00:01:0" + i, 10));
        }
        waitFor(() -> server.counters().drops(DropReason.MAC_TABLE_FULL), 2);
        assertEquals(3, server.peers().length);
        for (int i = 0; i < 3; i++) {
            device.written();
        }
        send(clientA, Frames.frame(BROADCAST, "02:00:00:00:01:01", 10));
        assertTrue("a known MAC still passes", device.written() != null);
    }

    @Test(timeout = 20_000)
    public void entriesAgeOut() throws Exception {
        start(100, 200);
        send(clientA, Frames.frame(BROADCAST, A, 10));
        device.written();
        assertEquals(1, server.peers().length);
        long deadline = System.currentTimeMillis() + 5_000;
        while (server.peers().length > 0) {
            assertTrue("the entry did not age out", System.currentTimeMillis() < deadline);
            Thread.sleep(20);
        }
        send(clientB, Frames.frame(BROADCAST, B, 10));
        device.written();
        assertNull("the aged-out client gets no more floods", poll(clientA));
    }

    @Test(timeout = 20_000)
    public void badFramesAreDroppedAndCounted() throws Exception {
        start(100, 60_000);
        send(clientA, new byte[13]);
        send(clientA, Frames.frame(BROADCAST, A, 1351));
        send(clientA, Frames.frame(BROADCAST, BROADCAST, 10));
        send(clientA, new byte[9000]);
        waitFor(() -> server.counters().dropsTotal(), 4);
        assertEquals(1, server.counters().drops(DropReason.TRUNCATED));
        assertEquals(2, server.counters().drops(DropReason.OVERSIZED));
        assertEquals(1, server.counters().drops(DropReason.MALFORMED));
        assertNull(device.fromEngine.poll(100, TimeUnit.MILLISECONDS));
        assertEquals(0, server.peers().length);
        byte[] full = Frames.frame(BROADCAST, A, 1350);
        send(clientA, full);
        assertArrayEquals("a frame of exactly MTU + header passes", full, device.written());
    }

    private void send(DatagramSocket from, byte[] frame) throws IOException {
        from.send(new DatagramPacket(frame, frame.length, serverAddress));
    }

    /** What arrives within 200 ms, or null. */
    private static byte[] poll(DatagramSocket socket) throws IOException {
        socket.setSoTimeout(200);
        try {
            DatagramPacket packet = new DatagramPacket(new byte[65536], 65536);
            socket.receive(packet);
            return Arrays.copyOf(packet.getData(), packet.getLength());
        } catch (SocketTimeoutException e) {
            return null;
        } finally {
            socket.setSoTimeout(2_000);
        }
    }
}
