package org.gost4j.tunnel.internal;

import static org.gost4j.tunnel.internal.LoopbackPeers.receive;
import static org.gost4j.tunnel.internal.LoopbackPeers.socket;
import static org.gost4j.tunnel.internal.LoopbackPeers.waitFor;
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
import java.util.stream.Collectors;

import org.gost4j.api.auth.Authenticator;
import org.gost4j.api.device.DeviceType;
import org.gost4j.api.device.IpNetwork;
import org.gost4j.api.router.RouteEntry;
import org.gost4j.api.tunnel.TunnelState;
import org.gost4j.support.options.TunnelOptions;
import org.gost4j.support.testing.LogCapture;
import org.junit.After;
import org.junit.Before;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.junit.runners.Parameterized;
import org.junit.runners.Parameterized.Parameter;
import org.junit.runners.Parameterized.Parameters;

/**
 * The server engine on real loopback UDP sockets, with an in-memory device; both with one thread per direction
 * and with one thread serving both (where device and socket can be awaited together).
 */
@RunWith(Parameterized.class)
public class TunServerTest {

    @Parameters(name = "{0}")
    public static List<Object[]> modes() {
        return List.of(new Object[] {"two threads"}, new Object[] {"one thread"});
    }

    @Parameter
    public String mode;

    private QueueDevice device;
    private TunServer server;
    private DatagramSocket clientA;
    private DatagramSocket clientB;
    private InetSocketAddress serverAddress;
    private LoopbackUdp transport;

    private volatile Authenticator auther;

    @Before
    public void start() throws IOException {
        start(10_000, List.of(), false, "", "");
        clientA = socket();
        clientB = socket();
    }

    /** (Re)starts the server with these options. */
    private void start(long ttl, List<RouteEntry> routes, boolean p2p, String autherName, String routerName)
            throws IOException {
        start(ttl, routes, p2p, autherName, routerName, TunnelOptions.DEFAULT_MAX_PEERS);
    }

    private void start(long ttl, List<RouteEntry> routes, boolean p2p, String autherName, String routerName,
            int maxPeers) throws IOException {
        if (server != null) {
            server.close();
        }
        boolean oneThread = mode.equals("one thread");
        device = new QueueDevice(); // closing a server closes its device
        InetAddress loopback = InetAddress.getLoopbackAddress();
        TunnelSettings settings = new TunnelSettings("test", new InetSocketAddress(loopback, 0), null,
                List.of(IpNetwork.parse("192.168.123.1/24")), "", 1350, 1500, false, ttl, List.of(), routes, "", p2p,
                autherName, routerName, DeviceType.TUN, null, true, maxPeers);
        transport = oneThread ? LoopbackUdp.receivingNow() : new LoopbackUdp();
        server = new TunServer(settings, device.asTunnelDevice(), transport.open(settings.listen(), null), () -> auther,
                oneThread ? FakePoller.factory() : () -> null);
        server.start();
        serverAddress = server.endpoint().localAddress();
    }

    @After
    public void stop() {
        server.close();
        clientA.close();
        clientB.close();
    }

    @Test(timeout = 10_000)
    public void withAnAutherOnlyTheRightPassphraseRegistersAndOthersGetNothing() throws Exception {
        auther = (user, password) -> ("192.168.123.2".equals(user) || "fd::2".equals(user)) && "right".equals(password);
        start(10_000, List.of(), false, "auther0", "");
        send(clientB, ControlMessage.registration("wrong", List.of(key("192.168.123.2"))));
        waitFor(() -> server.counters().drops(DropReason.AUTH_FAILED), 1);
        // bare data is not learned from its inner source, so it cannot bypass the auther
        send(clientB, Packets.ipv4("192.168.123.2", "192.168.123.1", 10));
        waitFor(() -> server.counters().drops(DropReason.UNAUTHENTICATED), 1);
        assertNull("nothing reached the device", device.fromEngine.poll(100, TimeUnit.MILLISECONDS));
        assertEquals(0, server.peers().length);

        send(clientA, ControlMessage.registration("right", List.of(key("192.168.123.2"), key("fd::2"))));
        assertEquals(ControlMessage.REPLY_LENGTH, receive(clientA).length);
        byte[] packet = bytes(Packets.ipv4("192.168.123.2", "192.168.123.1", 10));
        send(clientA, ByteBuffer.wrap(packet));
        assertArrayEquals(packet, device.written());
        assertEquals(2, server.peers().length);
    }

    @Test(timeout = 10_000)
    public void whileTheAutherIsAbsentOnlyUnchangedRegistrationsOfAcceptedPeersPass() throws Exception {
        auther = (user, password) -> "right".equals(password);
        start(10_000, List.of(), false, "auther0", "");
        send(clientA, ControlMessage.registration("right", List.of(key("192.168.123.2"))));
        receive(clientA);
        auther = null;
        send(clientA, ControlMessage.registration("right", List.of(key("192.168.123.2"))));
        assertEquals("the refresh of an accepted peer is answered", ControlMessage.REPLY_LENGTH, receive(clientA).length);
        send(clientA, ControlMessage.registration("other", List.of(key("192.168.123.2"))));
        send(clientB, ControlMessage.registration("right", List.of(key("192.168.123.3"))));
        waitFor(() -> server.counters().drops(DropReason.AUTHER_ABSENT), 2);
        byte[] packet = bytes(Packets.ipv4("192.168.123.2", "192.168.123.1", 10));
        send(clientA, ByteBuffer.wrap(packet));
        assertArrayEquals("an accepted peer keeps working", packet, device.written());
    }

    @Test(timeout = 10_000)
    public void anAutherThatAnswersLaterCompletesTheRegistrationWithoutHoldingUpTraffic() throws Exception {
        java.util.concurrent.CompletableFuture<Boolean> answer = new java.util.concurrent.CompletableFuture<>();
        java.util.concurrent.atomic.AtomicReference<org.gost4j.api.auth.AuthRequest> asked =
                new java.util.concurrent.atomic.AtomicReference<>();
        auther = new Authenticator() {
            @Override
            public boolean authenticate(String user, String password) {
                throw new AssertionError("the server must not wait for an answer");
            }

            @Override
            public java.util.concurrent.CompletionStage<Boolean> authenticateAsync(String user, String password,
                    org.gost4j.api.auth.AuthRequest request) {
                asked.set(request);
                return answer;
            }
        };
        start(10_000, List.of(), false, "auther0", "");
        send(clientA, ControlMessage.registration("right", List.of(key("192.168.123.2"))));
        waitFor(() -> asked.get() == null ? 0 : 1, 1);
        assertEquals("test", asked.get().service());
        assertEquals(clientA.getLocalPort(), Integer.parseInt(asked.get().client().replaceAll(".*:", "")));
        assertEquals("answers are reused for the keepalive period at most", 10_000, asked.get().reuseMillis());

        // meanwhile the server serves other traffic
        device.toEngine.add(bytes(Packets.ipv4("192.168.123.1", "192.168.123.77", 10)));
        waitFor(() -> server.counters().drops(DropReason.NO_ROUTE), 1);

        answer.complete(true);
        assertEquals(ControlMessage.REPLY_LENGTH, receive(clientA).length);
        assertEquals(1, server.peerCount());

        // the late answer recorded the registration's own key: with the auther gone, the same one still passes
        auther = null;
        send(clientA, ControlMessage.registration("right", List.of(key("192.168.123.2"))));
        assertEquals(ControlMessage.REPLY_LENGTH, receive(clientA).length);
        assertEquals(0, server.counters().drops(DropReason.AUTHER_ABSENT));
    }

    @Test(timeout = 10_000)
    public void aPeerWhoseCredentialWasRemovedIsDisconnectedAtItsNextRegistrationButNotByAForgedOne() throws Exception {
        java.util.Set<String> users = java.util.concurrent.ConcurrentHashMap.newKeySet();
        users.add("192.168.123.2");
        auther = (user, password) -> users.contains(user) && "right".equals(password);
        start(10_000, List.of(), false, "auther0", "");
        send(clientA, ControlMessage.registration("right", List.of(key("192.168.123.2"))));
        receive(clientA);

        // a registration with another key from the client's address (forged) is refused but disconnects nobody
        send(clientA, ControlMessage.registration("forged", List.of(key("192.168.123.2"))));
        waitFor(() -> server.counters().drops(DropReason.AUTH_FAILED), 1);
        assertEquals(1, server.peerCount());

        users.remove("192.168.123.2");
        send(clientA, ControlMessage.registration("right", List.of(key("192.168.123.2"))));
        waitFor(() -> server.counters().drops(DropReason.AUTH_FAILED), 2);
        assertEquals(0, server.peerCount());
        send(clientA, Packets.ipv4("192.168.123.2", "192.168.123.1", 10));
        waitFor(() -> server.counters().drops(DropReason.UNAUTHENTICATED), 1);
    }

    @Test(timeout = 10_000)
    public void trafficIsCountedPerPeerAndOnTheNetworkSide() throws Exception {
        send(clientA, ControlMessage.registration("", List.of(key("192.168.123.3"), key("192.168.123.2"))));
        receive(clientA);
        byte[] fromA = bytes(Packets.ipv4("192.168.123.2", "192.168.123.1", 100));
        send(clientA, ByteBuffer.wrap(fromA));
        device.written();
        byte[] toA = bytes(Packets.ipv4("192.168.123.1", "192.168.123.2", 300));
        device.toEngine.add(toA);
        receive(clientA);

        String[] traffic = server.peerTraffic();
        assertEquals(1, traffic.length);
        assertEquals("one line per client, its tunnel IPs sorted", "127.0.0.1:" + clientA.getLocalPort()
                + " 192.168.123.2,192.168.123.3 1 " + fromA.length + " 1 " + toA.length, traffic[0]);
        assertEquals("the registration and the packet", 2, server.counters().packetsFromNetwork.sum());
        // counted once the send returned, which may be just after the client received it
        waitFor(() -> server.counters().packetsToNetwork.sum(), 2);
        assertEquals("the reply and the packet", 2, server.counters().packetsToNetwork.sum());
        assertEquals(ControlMessage.REPLY_LENGTH + toA.length, server.counters().bytesToNetwork.sum());
    }

    @Test(timeout = 10_000)
    public void routesSendTheirNetworksToTheGatewayClientAndARouterReplacesThem() throws Exception {
        start(10_000, List.of(RouteEntry.parse("172.10.0.0/16 192.168.123.2")), false, "", "");
        send(clientA, ControlMessage.registration("", List.of(key("192.168.123.2"))));
        receive(clientA);
        send(clientB, ControlMessage.registration("", List.of(key("192.168.123.3"))));
        receive(clientB);
        byte[] toNetwork = bytes(Packets.ipv4("192.168.123.1", "172.10.4.5", 10));
        device.toEngine.add(toNetwork);
        assertArrayEquals(toNetwork, receive(clientA));
        byte[] fromB = bytes(Packets.ipv4("192.168.123.3", "172.10.4.5", 10));
        send(clientB, ByteBuffer.wrap(fromB));
        assertArrayEquals("client to a routed network goes to its gateway", fromB, receive(clientA));

        start(10_000, List.of(RouteEntry.parse("172.10.0.0/16 192.168.123.2")), false, "", "router0");
        send(clientA, ControlMessage.registration("", List.of(key("192.168.123.2"))));
        receive(clientA);
        send(clientB, ControlMessage.registration("", List.of(key("192.168.123.3"))));
        receive(clientB);
        device.toEngine.add(toNetwork);
        waitFor(() -> server.counters().drops(DropReason.NO_ROUTE), 1); // router absent: no router routes
        server.useRouter(() -> List.of(RouteEntry.parse("172.10.0.0/16 192.168.123.3")));
        device.toEngine.add(toNetwork);
        assertArrayEquals(toNetwork, receive(clientB));
    }

    @Test(timeout = 10_000)
    public void p2pSendsEverythingToTheLatestClientAndEverythingFromClientsToTheDevice() throws Exception {
        start(10_000, List.of(RouteEntry.parse("172.10.0.0/16 192.168.123.2")), true, "", "");
        send(clientA, ControlMessage.registration("", List.of(key("192.168.123.2"))));
        receive(clientA);
        byte[] anywhere = bytes(Packets.ipv4("192.168.123.1", "10.9.9.9", 10));
        device.toEngine.add(anywhere);
        assertArrayEquals("routing is ignored", anywhere, receive(clientA));
        send(clientB, ControlMessage.registration("", List.of(key("192.168.123.3"))));
        receive(clientB);
        device.toEngine.add(anywhere);
        assertArrayEquals("the latest client takes over", anywhere, receive(clientB));
        byte[] bToA = bytes(Packets.ipv4("192.168.123.3", "192.168.123.2", 10));
        send(clientB, ByteBuffer.wrap(bToA));
        assertArrayEquals("not forwarded between clients", bToA, device.written());
        assertEquals(0, server.counters().packetsForwarded.sum());
    }

    @Test(timeout = 10_000)
    public void idlePeersExpire() throws Exception {
        start(100, List.of(), false, "", "");
        send(clientA, ControlMessage.registration("", List.of(key("192.168.123.2"))));
        receive(clientA);
        assertEquals(1, server.peers().length);
        long deadline = System.currentTimeMillis() + 5_000;
        while (server.peers().length > 0) {
            assertTrue("the idle peer was not removed", System.currentTimeMillis() < deadline);
            Thread.sleep(20);
        }
        device.toEngine.add(bytes(Packets.ipv4("192.168.123.1", "192.168.123.2", 10)));
        waitFor(() -> server.counters().drops(DropReason.NO_ROUTE), 1);
    }

    /** The attack of issue 16: 64 registrations of 64 addresses each, from 64 ports of one host. */
    private void forgeRegistrations(String host, int ports, int addressesEach, String prefix) throws IOException {
        for (int port = 0; port < ports; port++) {
            List<IpKey> addresses = new java.util.ArrayList<>();
            for (int i = 0; i < addressesEach; i++) {
                addresses.add(key(prefix + port + "." + i));
            }
            try (DatagramSocket forger = new DatagramSocket(new InetSocketAddress(InetAddress.getByName(host), 0))) {
                forger.send(new DatagramPacket(bytes(ControlMessage.registration("", addresses)),
                        ControlMessage.registration("", addresses).remaining(), serverAddress));
            }
        }
    }

    @Test(timeout = 20_000)
    public void forgedRegistrationsFromOneHostCannotLockANewClientOut() throws Exception {
        forgeRegistrations("127.0.0.66", 64, 64, "172.16.");
        // each registration over the host's share is refused at its first address and counted once
        waitFor(() -> server.counters().drops(DropReason.PEER_SOURCE_LIMIT), 64 - TunServer.MAX_ADDRESSES_PER_HOST / 64);
        send(clientA, ControlMessage.registration("", List.of(key("192.168.123.2"))));
        assertEquals("a new client registers", ControlMessage.REPLY_LENGTH, receive(clientA).length);
        byte[] packet = bytes(Packets.ipv4("192.168.123.1", "192.168.123.2", 100));
        device.toEngine.add(packet);
        assertArrayEquals(packet, receive(clientA));
        assertEquals(TunServer.MAX_ADDRESSES_PER_HOST + 1, server.peers().length);
    }

    @Test(timeout = 20_000)
    public void aFullTableMakesRoomByEvictingStalePeersButKeepsFreshOnes() throws Exception {
        start(300, List.of(), false, "", "", 4);
        send(clientA, ControlMessage.registration("", List.of(key("192.168.123.2"))));
        receive(clientA);
        forgeRegistrations("127.0.0.66", 1, 3, "172.16.");
        waitFor(() -> server.peers().length, 4);
        send(clientB, ControlMessage.registration("", List.of(key("192.168.123.3"))));
        waitFor(() -> server.counters().drops(DropReason.PEER_TABLE_FULL), 1);
        assertEquals("all peers are fresh: the newcomer waits", 0, server.counters().peersEvicted.sum());

        Thread.sleep(400); // longer than one keepalive period: every peer is stale now
        send(clientA, ControlMessage.registration("", List.of(key("192.168.123.2"))));
        receive(clientA); // clientA refreshed: it must stay
        send(clientB, ControlMessage.registration("", List.of(key("192.168.123.3"))));
        assertEquals("the newcomer took a stale peer's place", ControlMessage.REPLY_LENGTH, receive(clientB).length);
        assertEquals(1, server.counters().peersEvicted.sum());
        String peers = String.join(",", server.peers());
        assertTrue(peers, peers.contains("192.168.123.2 ") && peers.contains("192.168.123.3 "));
    }

    @Test(timeout = 20_000)
    public void whatTheNetworkCanMakeTheServerLogIsLimitedPerKind() throws Exception {
        long registrationLines;
        long refusalLines;
        try (LogCapture log = new LogCapture(TunServer.class)) {
            // one tunnel IP moving between 500 source ports: each move used to log a line
            for (int i = 0; i < 500; i++) {
                try (DatagramSocket mover = socket()) {
                    send(mover, ControlMessage.registration("", List.of(key("192.168.123.2"))));
                    receive(mover);
                }
            }
            auther = (user, password) -> false;
            start(10_000, List.of(), false, "auther0", "");
            // refusals from 500 ports: the once-per-address memory used to let each one log
            for (int i = 0; i < 500; i++) {
                try (DatagramSocket refused = socket()) {
                    send(refused, ControlMessage.registration("wrong", List.of(key("192.168.123.2"))));
                }
            }
            // loopback UDP may drop a few of the 500 under load; half of them is plenty to show the limit
            waitFor(() -> server.counters().drops(DropReason.AUTH_FAILED), 250);
            registrationLines = log.count("registered from");
            refusalLines = log.count("refused");
        }
        // a burst each, plus the one line per second the test may have taken
        assertTrue("registration lines: " + registrationLines,
                registrationLines <= org.gost4j.support.log.RateLimitedLog.BURST + 20);
        assertTrue("refusal lines: " + refusalLines, refusalLines <= org.gost4j.support.log.RateLimitedLog.BURST + 20);
        assertTrue("some are still logged", registrationLines > 0 && refusalLines > 0);
    }

    private static IpKey key(String address) throws IOException {
        return IpKey.of(InetAddress.getByName(address));
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
    public void packetsOfOneDeviceReadLeaveAsOneDatagramEach() throws Exception {
        send(clientA, ControlMessage.registration("", List.of(key("192.168.123.2"))));
        receive(clientA);
        byte[] first = bytes(Packets.ipv4("192.168.123.1", "192.168.123.2", 80));
        byte[] second = bytes(Packets.ipv4("192.168.123.1", "192.168.123.2", 80));
        byte[] last = bytes(Packets.ipv4("192.168.123.1", "192.168.123.2", 30));
        device.injectBurst(first, second, last);
        assertArrayEquals(first, receive(clientA));
        assertArrayEquals(second, receive(clientA));
        assertArrayEquals(last, receive(clientA));
        waitFor(() -> server.counters().packetsFromDevice.sum(), 3);

        byte[] nowhere = bytes(Packets.ipv4("192.168.123.1", "192.168.123.77", 80));
        device.injectBurst(nowhere, nowhere);
        waitFor(() -> server.counters().drops(DropReason.NO_ROUTE), 2);
    }

    @Test(timeout = 10_000)
    public void packetsReadInARowLeaveInOrderInOneBatchedSend() throws Exception {
        send(clientA, ControlMessage.registration("", List.of(key("192.168.123.2"))));
        receive(clientA);
        send(clientB, ControlMessage.registration("", List.of(key("192.168.123.3"))));
        receive(clientB);
        byte[][] toA = new byte[8][];
        for (int i = 0; i < toA.length; i++) {
            toA[i] = numbered(Packets.ipv4("192.168.123.1", "192.168.123.2", i == 5 ? 30 : 60), i);
        }
        byte[] toB = numbered(Packets.ipv4("192.168.123.1", "192.168.123.3", 60), 99);
        // a0..a4 go in one call; b0 ends that batch, a5 is shorter, a6 and a7 are longer than a5 again
        device.injectBurst(toA[0], toA[1], toA[2], toA[3], toA[4], toB, toA[5], toA[6], toA[7]);
        for (byte[] packet : toA) {
            assertArrayEquals(packet, receive(clientA));
        }
        assertArrayEquals(toB, receive(clientB));
        assertEquals("one read, one send", List.of(9), transport.sentBatches);

        byte[][] many = new byte[64 + 6][];
        for (int i = 0; i < many.length; i++) {
            many[i] = numbered(Packets.ipv4("192.168.123.1", "192.168.123.2", 60), i);
        }
        device.injectBurst(many);
        for (int i = 0; i < many.length; i++) {
            try {
                assertArrayEquals(many[i], receive(clientA));
            } catch (java.net.SocketTimeoutException e) {
                throw new AssertionError("packet " + i + " lost; sent " + transport.sentBatches + ", drops "
                        + List.of(server.counters().dropSummary()), e);
            }
        }
        assertEquals("a batch holds 64", List.of(9, 64, 6), transport.sentBatches);
    }

    /** The packet with its last byte set to {@code number}, to tell equal-sized packets apart. */
    private static byte[] numbered(ByteBuffer packet, int number) {
        byte[] bytes = bytes(packet);
        bytes[bytes.length - 1] = (byte) number;
        return bytes;
    }

    @Test(timeout = 10_000)
    public void datagramsReceivedTogetherAreWrittenToTheDeviceInOneBatch() throws Exception {
        byte[] one = bytes(Packets.ipv4("192.168.123.2", "192.168.123.1", 10));
        byte[] two = bytes(Packets.ipv4("192.168.123.2", "192.168.123.1", 20));
        send(clientA, ByteBuffer.wrap(one));
        assertArrayEquals(one, device.written());
        int writes = device.writes.get();
        send(clientA, ByteBuffer.wrap(two));
        assertArrayEquals(two, device.written());
        assertEquals("a write per received batch", writes + 1, device.writes.get());
    }

    @Test(timeout = 10_000)
    public void oneThreadServesBothDirectionsOnlyWhereDeviceAndSocketCanBeAwaitedTogether() throws Exception {
        registrationIsAnsweredAndRoutesDevicePacketsToTheClient(); // traffic both ways
        String packetThreads = Thread.getAllStackTraces().keySet().stream().map(Thread::getName)
                .filter(name -> name.startsWith("gost4j-test-") && !name.endsWith("sweeper")).sorted()
                .collect(Collectors.joining(","));
        assertEquals(mode.equals("one thread") ? "gost4j-test-packets"
                : "gost4j-test-device-to-network,gost4j-test-network-to-device", packetThreads);
    }

    @Test(timeout = 20_000)
    public void aFailedDeviceFailsTheTunnelUntilANewOneOpensAfterABackoff() throws Exception {
        List<QueueDevice> opened = new java.util.concurrent.CopyOnWriteArrayList<>();
        java.util.concurrent.atomic.AtomicInteger refusals = new java.util.concurrent.atomic.AtomicInteger(1);
        server.close();
        TunnelDevice tunnelDevice = TunnelDevice.open(name -> {
            if (opened.isEmpty()) {
                device = new QueueDevice();
                opened.add(device);
                return device;
            }
            if (refusals.getAndDecrement() > 0) {
                throw new IOException("name in use");
            }
            QueueDevice next = new QueueDevice();
            opened.add(next);
            return next;
        }, "");
        TunnelSettings settings = new TunnelSettings("test", new InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
                null, List.of(IpNetwork.parse("192.168.123.1/24")), "", 1350, 1500, false, 10_000, List.of(),
                List.of(), "", false, "", "", DeviceType.TUN, null, true, TunnelOptions.DEFAULT_MAX_PEERS);
        transport = mode.equals("one thread") ? LoopbackUdp.receivingNow() : new LoopbackUdp();
        server = new TunServer(settings, tunnelDevice, transport.open(settings.listen(), null), () -> auther,
                mode.equals("one thread") ? FakePoller.factory() : () -> null);
        server.start();
        serverAddress = server.endpoint().localAddress();
        assertEquals(TunnelState.UP, server.state());

        device.fail(new IOException("read from queue0: File descriptor in bad state (errno 77)"));
        waitFor(() -> server.counters().deviceFailures.sum(), 1);
        assertEquals(TunnelState.FAILED, server.state());
        send(clientA, Packets.ipv4("192.168.123.2", "192.168.123.1", 10));
        waitFor(() -> server.counters().drops(DropReason.DEVICE_FAILED), 1);
        Thread.sleep(1_500);
        assertEquals("the first reopen was refused: still failed", TunnelState.FAILED, server.state());
        assertEquals(1, opened.size());

        long deadline = System.currentTimeMillis() + 5_000;
        while (server.state() != TunnelState.UP) {
            assertTrue("no new device within 5 s", System.currentTimeMillis() < deadline);
            Thread.sleep(20);
        }
        assertEquals(2, opened.size());
        assertEquals(1, server.counters().deviceFailures.sum());
        byte[] packet = bytes(Packets.ipv4("192.168.123.2", "192.168.123.1", 10));
        send(clientA, ByteBuffer.wrap(packet));
        assertArrayEquals("traffic flows into the new device", packet, opened.get(1).written());
        device = opened.get(1); // closed with the server
    }

    @Test(timeout = 10_000)
    public void devicePacketsWithoutAPeerAreCountedAsNoRoute() {
        device.toEngine.add(bytes(Packets.ipv4("192.168.123.1", "192.168.123.77", 10)));
        waitFor(() -> server.counters().drops(DropReason.NO_ROUTE), 1);
    }

    private void send(DatagramSocket from, ByteBuffer datagram) throws IOException {
        byte[] data = bytes(datagram);
        from.send(new DatagramPacket(data, data.length, serverAddress));
    }

    private static byte[] bytes(ByteBuffer buffer) {
        byte[] bytes = new byte[buffer.remaining()];
        buffer.duplicate().get(bytes);
        return bytes;
    }
}
