package org.gost4j.chain.relay.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.After;
import org.junit.Before;
import org.junit.Test;

/**
 * The relay server's bounds once clients are in (issue 16, item 7): idle sessions close, connections are capped
 * in all and per source address, and targets are limited to this host's tunnel servers unless configured.
 * Real server on loopback, real TLS and WebSocket clients.
 */
public class RelayServerLimitsTest {

    private static final String AUTH = "01000d" + "05" + "616c696365" + "06" + "733363726574"; // alice:s3cret

    private Path work;
    private TestRelays.UdpEcho echo;
    private RelayServer server;
    private final List<InetSocketAddress> tunnelServers = new CopyOnWriteArrayList<>();
    private final List<Socket> sockets = new ArrayList<>();

    @Before
    public void start() throws Exception {
        work = Files.createTempDirectory("relay-limits-test");
        echo = new TestRelays.UdpEcho();
    }

    @After
    public void stop() throws Exception {
        for (Socket s : sockets) {
            s.close();
        }
        if (server != null) {
            server.close();
        }
        echo.close();
        TestRelays.delete(work);
    }

    private void serve(long idleMillis, int max, int perSource, String... targets) throws Exception {
        server = new RelayServer(TestRelays.settings(RelayTransport.WSS, 0, idleMillis, max, perSource, targets), work,
                () -> (Collection<InetSocketAddress>) tunnelServers);
    }

    /** A UDP (0x81) or TCP (0x01) CONNECT as alice to 127.0.0.1:port. */
    private static String connect(boolean udp, int port) {
        return "01" + (udp ? "81" : "01") + "001a" + AUTH + "020007" + "01" + "7f000001" + String.format("%04x", port);
    }

    @Test(timeout = 60_000)
    public void aSessionWithoutDataIsClosedAfterTheIdleTimeoutAndABusyOneIsNot() throws Exception {
        serve(1_000, 256, 32, ":*");
        int port = server.localAddress().getPort();
        try (RawWebSocketClient idle = new RawWebSocketClient(port);
                RawWebSocketClient busy = new RawWebSocketClient(port)) {
            idle.send(connect(true, echo.address().getPort()));
            busy.send(connect(true, echo.address().getPort()));
            assertEquals("01000000", idle.next());
            assertEquals("01000000", busy.next());
            for (int i = 0; i < 10; i++) { // 3 s of a datagram every 300 ms
                busy.send("0002" + "abcd");
                assertEquals("0002abcd", busy.next());
                Thread.sleep(300);
            }
            assertEquals("close 1000", idle.next());
            assertTrue(busy.received.isEmpty());
        }
        assertEquals(1, server.counters().sum(RelayEvent.IDLE));
    }

    @Test(timeout = 60_000)
    public void connectionsFromOneAddressAreCapped() throws Exception {
        serve(300_000, 256, 3, ":*");
        InetAddress source = InetAddress.getByName("127.0.0.1");
        for (int i = 0; i < 3; i++) {
            assertTrue("connection " + i + " refused", heldOpen(source));
        }
        assertTrue("a fourth connection from one address was let in", !heldOpen(source));
        assertTrue("another address is still let in", heldOpen(InetAddress.getByName("127.0.0.2")));
        sockets.remove(0).close();
        Thread.sleep(300);
        assertTrue("a slot was freed", heldOpen(source));
        assertEquals(1, server.counters().sum(RelayEvent.TOO_MANY_FROM_SOURCE));
    }

    @Test(timeout = 60_000)
    public void connectionsInAllAreCapped() throws Exception {
        serve(300_000, 4, 32, ":*");
        for (int i = 2; i < 6; i++) {
            assertTrue("connection " + i + " refused", heldOpen(InetAddress.getByName("127.0.0." + i)));
        }
        assertTrue("a fifth connection was let in", !heldOpen(InetAddress.getByName("127.0.0.9")));
        assertEquals(1, server.counters().sum(RelayEvent.TOO_MANY));
        assertEquals(4, server.connections());
    }

    @Test(timeout = 60_000)
    public void byDefaultOnlyUdpToThisHostsTunnelServersIsRelayed() throws Exception {
        serve(300_000, 256, 32, TargetPolicy.TUNNELS);
        int port = server.localAddress().getPort();
        int tunnelPort = echo.address().getPort();
        try (RawWebSocketClient ws = new RawWebSocketClient(port)) {
            ws.send(connect(true, tunnelPort)); // no tunnel server runs yet
            assertEquals("01030000", ws.next());
        }
        tunnelServers.add(new InetSocketAddress(tunnelPort)); // a tunnel server on :port appears
        try (RawWebSocketClient ws = new RawWebSocketClient(port)) {
            String request = connect(true, tunnelPort);
            ws.send(request.substring(0, 10)); // as GOST's client may: any message boundaries
            ws.send(request.substring(10));
            assertEquals("01000000", ws.next());
            ws.send("0002");
            ws.send("abcd");
            assertEquals("0002abcd", ws.next());
        }
        for (String request : new String[] {connect(true, tunnelPort == 65535 ? 1 : tunnelPort + 1),
                connect(false, tunnelPort), connect(true, 53)}) {
            try (RawWebSocketClient ws = new RawWebSocketClient(port)) {
                ws.send(request);
                assertEquals(request, "01030000", ws.next());
            }
        }
        assertEquals(4, server.counters().sum(RelayEvent.FORBIDDEN));
    }

    /** Opens a TCP connection from {@code source}: true if the server keeps it (waiting for TLS), false if it closes it. */
    private boolean heldOpen(InetAddress source) throws IOException {
        Socket socket = new Socket();
        socket.bind(new InetSocketAddress(source, 0));
        socket.connect(server.localAddress(), 2_000);
        socket.setSoTimeout(700);
        try {
            if (socket.getInputStream().read() < 0) {
                socket.close();
                return false;
            }
        } catch (SocketTimeoutException waiting) {
            sockets.add(socket);
            return true;
        } catch (IOException reset) {
            socket.close();
            return false;
        }
        sockets.add(socket);
        return true;
    }
}
