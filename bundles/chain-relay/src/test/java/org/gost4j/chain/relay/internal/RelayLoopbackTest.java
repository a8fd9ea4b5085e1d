package org.gost4j.chain.relay.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.DatagramChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;

import org.gost4j.api.io.PacketBatch;
import org.gost4j.api.transport.DatagramEndpoint;
import org.junit.After;
import org.junit.Before;
import org.junit.Test;

import io.netty.handler.ssl.util.InsecureTrustManagerFactory;

/**
 * A real relay+wss server on loopback with the self-signed certificate it makes itself (keytool), a UDP echo
 * service as the target, and real clients: the chain transport, and hand-made bad ones. No mocks. (Every
 * transport's round trip, restart and wrong credentials: RelayTransportsTest.)
 */
public class RelayLoopbackTest {

    private Path work;
    private RelayServer server;
    private TestRelays.UdpEcho echo;
    private ChainTransport chain;

    @Before
    public void start() throws Exception {
        work = Files.createTempDirectory("relay-test");
        server = new RelayServer(settings(0), work, List::of);
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

    /** With no certificate files: the server makes its own self-signed certificate, as GOST does. */
    private RelayServerSettings settings(int port) {
        RelayServerSettings s = TestRelays.settings(RelayTransport.WSS, port, ":*");
        return new RelayServerSettings(s.name(), s.listen(), s.transport(), s.path(), s.bind(), s.users(), "", "",
                s.handshakeMillis(), s.targets(), s.idleMillis(), s.maxSessions(), s.maxSessionsPerSource());
    }

    private ChainTransport chain(String userInfo) throws Exception {
        return new ChainTransport("chain-test", List.of(NodeSettings.parse("relay+wss://" + userInfo + "127.0.0.1:"
                + server.localAddress().getPort() + "?secure=false")), 5_000);
    }

    private InetSocketAddress echoAddress() throws Exception {
        return echo.address();
    }

    @Test(timeout = 60_000)
    public void datagramsRoundTripThroughTheRelay() throws Exception {
        chain = chain("alice:s3cret@");
        DatagramEndpoint endpoint = chain.open(new InetSocketAddress(0), echoAddress());
        assertEquals("hello", TestRelays.roundTrip(endpoint, "hello", 10_000));
        String big = "x".repeat(1400);
        assertEquals(big, TestRelays.roundTrip(endpoint, big, 5_000));
        assertEquals(1, server.counters().sessions());
        // read right after the receives: a datagram a receive returned is already counted
        String counters = "sent " + chain.getDatagramsSent() + " received " + chain.getDatagramsReceived()
                + " dropped " + chain.getDatagramsDropped() + "; server: " + server.counters();
        assertTrue(counters, chain.getDatagramsReceived() >= 2);
        assertTrue("the echo's bytes came back", chain.getBytesReceived() >= 5 + 1400);
        assertTrue(counters, chain.getDatagramsSent() >= chain.getDatagramsReceived());
        assertTrue(chain.getBytesSent() >= chain.getBytesReceived());
        assertEquals(0, chain.getReconnects());
    }

    @Test(timeout = 60_000)
    public void closingTheEndpointWakesItsReceiver() throws Exception {
        chain = chain("alice:s3cret@");
        DatagramEndpoint endpoint = chain.open(new InetSocketAddress(0), echoAddress());
        ExecutorService receiver = Executors.newSingleThreadExecutor();
        Future<?> blocked = receiver.submit(() -> endpoint.receive(PacketBatch.allocate(1, PacketBatch.MAX_PACKET)));
        Thread.sleep(200);
        endpoint.close();
        try {
            blocked.get(5, TimeUnit.SECONDS);
        } catch (java.util.concurrent.ExecutionException e) {
            assertTrue(e.getCause() instanceof ClosedChannelException);
        } finally {
            receiver.shutdownNow();
        }
    }

    @Test(timeout = 90_000)
    public void badClientsAreRefusedAndTheServerKeepsServing() throws Exception {
        int port = server.localAddress().getPort();
        String udpConnect = "02" + "0007" + "01" + "7f000001" + String.format("%04x", echoAddress().getPort());

        // plain TCP garbage on the TLS port: the TLS layer drops it
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write("GARBAGE GARBAGE GARBAGE\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            assertEquals("", drain(socket.getInputStream()));
        }
        // HTTPS without a WebSocket upgrade: a 400 with a reason
        String http = https(port, "GET /ws HTTP/1.1\r\nHost: x\r\n\r\n");
        assertTrue(http, http.startsWith("HTTP/1.1 400") && http.contains("expected a WebSocket upgrade"));
        String notFound = https(port, "GET /other HTTP/1.1\r\nHost: x\r\n\r\n");
        assertTrue(notFound, notFound.startsWith("HTTP/1.1 404"));

        // wrong credentials: response 01 02 00 00, then a close
        String wrongPassword = "0181" + "0018" + "01000b" + "05" + "616c696365" + "04" + "6e6f7065" + udpConnect;
        try (RawWebSocketClient ws = new RawWebSocketClient(port)) {
            ws.send(wrongPassword);
            assertEquals("01020000", ws.next());
            assertEquals("close 1008", ws.next());
        }
        // bad version: 01 01 00 00 (bad request)
        try (RawWebSocketClient ws = new RawWebSocketClient(port)) {
            ws.send("02810000");
            assertEquals("01010000", ws.next());
        }
        // a truncated request (20 feature bytes promised, 3 sent), then silence: closed at the deadline
        try (RawWebSocketClient ws = new RawWebSocketClient(port)) {
            ws.send("01810014" + "010002");
            String next = ws.next();
            assertTrue(next, next.equals("closed") || next.startsWith("close"));
        }
        // TCP connect to a port nobody listens on: network unreachable
        try (RawWebSocketClient ws = new RawWebSocketClient(port)) {
            ws.send("0101" + "001a" + "01000d" + "05" + "616c696365" + "06" + "733363726574" + udpConnect);
            assertEquals("01070000", ws.next());
        }
        assertTrue(server.counters().refused() >= 6);

        // and a real client still gets through
        chain = chain("alice:s3cret@");
        DatagramEndpoint endpoint = chain.open(new InetSocketAddress(0), echoAddress());
        assertEquals("still here", TestRelays.roundTrip(endpoint, "still here", 10_000));
    }

    private static String https(int port, String request) throws Exception {
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, InsecureTrustManagerFactory.INSTANCE.getTrustManagers(), null);
        try (SSLSocket socket = (SSLSocket) context.getSocketFactory().createSocket("127.0.0.1", port)) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write(request.getBytes(StandardCharsets.US_ASCII));
            out.flush();
            return drain(socket.getInputStream());
        }
    }

    private static String drain(InputStream in) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try {
            in.transferTo(bytes);
        } catch (Exception closed) {
            // reset or timeout: what arrived is what counts
        }
        return bytes.toString(StandardCharsets.UTF_8);
    }
}
