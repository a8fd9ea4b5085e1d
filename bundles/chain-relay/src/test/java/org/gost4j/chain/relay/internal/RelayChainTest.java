package org.gost4j.chain.relay.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.gost4j.api.transport.DatagramEndpoint;
import org.gost4j.support.log.RateLimitedLog;
import org.gost4j.support.testing.LogCapture;
import org.junit.After;
import org.junit.Before;
import org.junit.Test;

/**
 * Chains of several hops on loopback, real TLS and WebSocket: each hop's relay TCP CONNECT reaches the next
 * hop, the last hop's UDP CONNECT the target (a UDP echo); relay servers of either behaviour (ours answers at
 * once, GOST's holds its answer back until the first bytes from the target).
 */
public class RelayChainTest {

    private Path work;
    private final List<RelayServer> servers = new ArrayList<>();
    private TestRelays.UdpEcho echo;
    private ChainTransport chain;

    @Before
    public void start() throws Exception {
        work = Files.createTempDirectory("relay-chain-test");
        echo = new TestRelays.UdpEcho();
    }

    @After
    public void stop() throws Exception {
        if (chain != null) {
            chain.close();
        }
        servers.forEach(RelayServer::close);
        echo.close();
        TestRelays.delete(work);
    }

    private RelayServer server(RelayTransport transport, int port, String... targets) throws Exception {
        RelayServer server = new RelayServer(TestRelays.settings(transport, port, targets), work, List::of);
        servers.add(server);
        return server;
    }

    private static String next(RelayServer server) {
        return "127.0.0.1:" + server.localAddress().getPort();
    }

    private DatagramEndpoint open(String... nodes) throws Exception {
        List<NodeSettings> settings = new ArrayList<>();
        for (String node : nodes) {
            settings.add(NodeSettings.parse(node));
        }
        chain = new ChainTransport("chain-test", settings, 5_000);
        return chain.open(new InetSocketAddress(0), echo.address());
    }

    private static String node(RelayServer server, String userInfo) {
        return TestRelays.node(server.settings().transport(), userInfo, server.localAddress().getPort());
    }

    @Test(timeout = 60_000)
    public void threeHopsOfEveryTransportCarryDatagrams() throws Exception {
        RelayServer last = server(RelayTransport.WS, 0, ":*");
        RelayServer middle = server(RelayTransport.WSS, 0, next(last));
        RelayServer first = server(RelayTransport.TLS, 0, next(middle));
        DatagramEndpoint endpoint = open(node(first, "alice:s3cret@"), node(middle, "alice:s3cret@"),
                node(last, "alice:s3cret@"));
        assertEquals("through three", TestRelays.roundTrip(endpoint, "through three", 10_000));
        String big = "y".repeat(30_000);
        String back = TestRelays.roundTrip(endpoint, big, 5_000);
        assertTrue("sent " + big.length() + " bytes, got " + back.length(), big.equals(back));
        assertEquals(1, last.counters().sessions());
        assertEquals(1, middle.counters().sessions());
        assertEquals(1, first.counters().sessions());
    }

    @Test(timeout = 90_000)
    public void aHopThatGoesDownComesBackByItself() throws Exception {
        RelayServer last = server(RelayTransport.WSS, 0, ":*");
        RelayServer first = server(RelayTransport.TLS, 0, next(last));
        DatagramEndpoint endpoint = open(node(first, "alice:s3cret@"), node(last, "alice:s3cret@"));
        assertEquals("before", TestRelays.roundTrip(endpoint, "before", 10_000));
        int port = last.localAddress().getPort();
        last.close();
        servers.remove(last);
        Thread.sleep(1000); // the first hop cannot reach it meanwhile: the chain keeps re-dialling
        server(RelayTransport.WSS, port, ":*");
        assertEquals("after", TestRelays.roundTrip(endpoint, "after", 20_000));
    }

    @Test(timeout = 60_000)
    public void badCredentialsAtEachHopSayWhichHop() throws Exception {
        RelayServer last = server(RelayTransport.WSS, 0, ":*");
        RelayServer first = server(RelayTransport.TLS, 0, next(last));
        try (LogCapture log = new LogCapture(RelayEndpoint.class)) {
            RelayEndpoint endpoint = (RelayEndpoint) open(node(first, "alice:wrong@"), node(last, "alice:s3cret@"));
            assertTrue(log.lines.toString(), log.await("hop 1/2 relay+tls://alice:***@127.0.0.1:"
                    + first.localAddress().getPort() + ": relay server refused to connect to " + next(last)
                    + ": unauthorized", 10_000));
            assertFalse(endpoint.connected());
            chain.close();
            chain = null;
            log.lines.clear();
            endpoint = (RelayEndpoint) open(node(first, "alice:s3cret@"), node(last, "alice:wrong@"));
            assertTrue(log.lines.toString(), log.await("hop 2/2 relay+wss://alice:***@127.0.0.1:"
                    + last.localAddress().getPort() + "/ws: relay server refused: unauthorized", 10_000));
            assertFalse(endpoint.connected());
        }
    }

    /**
     * Issue 16: a relay that accepts every session and drops it at once (here: its idle timeout is 30 ms) makes the
     * chain report each loss and each return; those lines are rate-limited per kind (the clock stands still here,
     * so nothing refills the burst), however often the relay does it.
     */
    @Test(timeout = 90_000)
    public void aRelayDroppingEverySessionCannotFloodTheLog() throws Exception {
        RelayServer flapping = new RelayServer(TestRelays.settings(RelayTransport.TLS, 0, 30, 256, 32, ":*"), work,
                List::of);
        servers.add(flapping);
        try (LogCapture log = new LogCapture(RelayEndpoint.class)) {
            chain = new ChainTransport("chain-test", List.of(NodeSettings.parse(node(flapping, "alice:s3cret@"))),
                    5_000, () -> 0L);
            chain.open(new InetSocketAddress(0), echo.address());
            int sessions = 2 * RateLimitedLog.BURST;
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (chain.reconnects.sum() < sessions && System.nanoTime() < deadline) {
                Thread.sleep(100);
            }
            assertTrue("only " + chain.reconnects.sum() + " sessions", chain.reconnects.sum() >= sessions);
            long up = log.lines.stream().filter(l -> l.endsWith(" up") || l.contains(" up (")).count();
            long down = log.lines.stream().filter(l -> l.contains(" down (")).count();
            assertTrue(up + " 'up' lines for " + chain.reconnects.sum() + " sessions", up <= RateLimitedLog.BURST);
            assertTrue(down + " 'down' lines", down > 0 && down <= RateLimitedLog.BURST);
        }
    }

    @Test(timeout = 60_000)
    public void aHopIsNotAnOpenProxyByDefault() throws Exception {
        RelayServer last = server(RelayTransport.WSS, 0, ":*");
        RelayServer first = server(RelayTransport.TLS, 0, TargetPolicy.TUNNELS);
        try (LogCapture log = new LogCapture(RelayEndpoint.class)) {
            open(node(first, "alice:s3cret@"), node(last, "alice:s3cret@"));
            assertTrue(log.lines.toString(), log.await("refused to connect to " + next(last) + ": forbidden", 10_000));
        }
        assertEquals(1, first.counters().sum(RelayEvent.FORBIDDEN));
    }

    @Test(timeout = 60_000)
    public void gostsHeldBackAnswersAndSplitWritesAreUnderstood() throws Exception {
        try (HoldingRelayServer gostLast = new HoldingRelayServer();
                HoldingRelayServer gostFirst = new HoldingRelayServer()) {
            RelayServer ours = server(RelayTransport.WSS, 0, ":*");
            // GOST-like first hop to our last hop, then ours to a GOST-like last hop
            DatagramEndpoint endpoint = open("relay+tls://u:p@127.0.0.1:" + gostFirst.port() + "?secure=false",
                    node(ours, "alice:s3cret@"));
            assertEquals("gost first", TestRelays.roundTrip(endpoint, "gost first", 10_000));
            chain.close();
            RelayServer first = server(RelayTransport.TLS, 0, "127.0.0.1:" + gostLast.port());
            endpoint = open(node(first, "alice:s3cret@"), "relay+tls://u:p@127.0.0.1:" + gostLast.port()
                    + "?secure=false");
            for (int i = 0; i < 20; i++) { // the length and the data of each arrive in two TLS records
                assertEquals("gost last " + i, TestRelays.roundTrip(endpoint, "gost last " + i, 10_000));
            }
        }
    }
}
