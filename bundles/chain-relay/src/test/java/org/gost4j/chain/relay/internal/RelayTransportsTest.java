package org.gost4j.chain.relay.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.gost4j.api.transport.DatagramEndpoint;
import org.gost4j.support.testing.LogCapture;
import org.junit.After;
import org.junit.Before;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.junit.runners.Parameterized;
import org.junit.runners.Parameterized.Parameters;

/** A one-node chain and a relay server over each transport, on loopback, with real TLS. */
@RunWith(Parameterized.class)
public class RelayTransportsTest {

    @Parameters(name = "{0}")
    public static List<RelayTransport> transports() {
        return List.of(RelayTransport.values());
    }

    private final RelayTransport transport;
    private Path work;
    private RelayServer server;
    private TestRelays.UdpEcho echo;
    private ChainTransport chain;

    public RelayTransportsTest(RelayTransport transport) {
        this.transport = transport;
    }

    @Before
    public void start() throws Exception {
        work = Files.createTempDirectory("relay-test");
        server = new RelayServer(TestRelays.settings(transport, 0, ":*"), work, List::of);
        echo = new TestRelays.UdpEcho();
    }

    @After
    public void stop() throws Exception {
        if (chain != null) {
            chain.close();
        }
        server.close();
        echo.close();
        TestRelays.delete(work);
    }

    private DatagramEndpoint open(String userInfo) throws Exception {
        chain = new ChainTransport("chain-test", List.of(NodeSettings.parse(TestRelays.node(transport, userInfo,
                server.localAddress().getPort()))), 5_000);
        return chain.open(new InetSocketAddress(0), echo.address());
    }

    @Test(timeout = 60_000)
    public void datagramsRoundTrip() throws Exception {
        DatagramEndpoint endpoint = open("alice:s3cret@");
        assertEquals("hello", TestRelays.roundTrip(endpoint, "hello", 10_000));
        String big = "x".repeat(60_000);
        String back = TestRelays.roundTrip(endpoint, big, 5_000);
        assertTrue("sent " + big.length() + " bytes, got " + back.length(), big.equals(back));
        assertEquals(1, server.counters().sessions());
    }

    @Test(timeout = 90_000)
    public void theEndpointComesBackAfterTheServerRestarts() throws Exception {
        DatagramEndpoint endpoint = open("alice:s3cret@");
        assertEquals("one", TestRelays.roundTrip(endpoint, "one", 10_000));
        int port = server.localAddress().getPort();
        server.close();
        Thread.sleep(500);
        server = new RelayServer(TestRelays.settings(transport, port, ":*"), work, List::of);
        assertEquals("two", TestRelays.roundTrip(endpoint, "two", 20_000));
        assertEquals(1, chain.getReconnects());
    }

    @Test(timeout = 60_000)
    public void afterTheServerClosesAnIdleSessionTheEndpointComesBack() throws Exception {
        server.close();
        server = new RelayServer(TestRelays.settings(transport, 0, 1_000, 256, 32, ":*"), work, List::of);
        try (LogCapture log = new LogCapture(RelayEndpoint.class)) {
            DatagramEndpoint endpoint = open("alice:s3cret@");
            assertEquals("one", TestRelays.roundTrip(endpoint, "one", 10_000));
            Thread.sleep(2_500);
            assertEquals("two", TestRelays.roundTrip(endpoint, "two", 10_000));
            if (transport.websocket()) { // the close says why: routine, not a failure
                assertFalse(log.lines.toString(), log.lines.stream().anyMatch(l -> l.contains("down (")));
            }
        }
        assertTrue(server.counters().sum(RelayEvent.IDLE) >= 1);
    }

    @Test(timeout = 60_000)
    public void wrongCredentialsAreOneClearLineAndNeverConnect() throws Exception {
        try (LogCapture log = new LogCapture(RelayEndpoint.class)) {
            RelayEndpoint endpoint = (RelayEndpoint) open("alice:wrong@");
            assertTrue(log.lines.toString(), log.await("relay server refused: unauthorized", 10_000));
            assertFalse(endpoint.connected());
            String line = log.lines.stream().filter(l -> l.contains("unauthorized")).findFirst().orElseThrow();
            assertFalse(line, line.contains("wrong") || line.contains("\n"));
            assertTrue(line, line.contains(transport.scheme() + "://alice:***@127.0.0.1"));
        }
        assertTrue(server.counters().sum(RelayEvent.UNAUTHORIZED) >= 1);
    }
}
