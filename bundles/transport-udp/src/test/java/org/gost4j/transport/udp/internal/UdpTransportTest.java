package org.gost4j.transport.udp.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.gost4j.api.io.PacketBatch;
import org.gost4j.api.transport.DatagramEndpoint;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.junit.runners.Parameterized;
import org.junit.runners.Parameterized.Parameters;

/** Real UDP sockets on loopback, through native Linux sockets and through JDK channels. */
@RunWith(Parameterized.class)
public class UdpTransportTest {

    @Parameters(name = "native sockets: {0}")
    public static List<Boolean> implementations() {
        return List.of(true, false);
    }

    private final UdpTransport transport;

    public UdpTransportTest(boolean nativeSockets) {
        transport = new UdpTransport(nativeSockets, UdpSyscalls.best());
    }
    private final InetSocketAddress anyLoopbackPort = new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);

    @Test(timeout = 5000)
    public void clientAndServerExchangeDatagrams() throws Exception {
        try (DatagramEndpoint server = transport.open(anyLoopbackPort, null);
             DatagramEndpoint client = transport.open(anyLoopbackPort, server.localAddress())) {
            client.send(ascii("hello"), null);
            PacketBatch batch = PacketBatch.allocate(server.batchSize(), 4 * PacketBatch.MAX_PACKET);
            assertEquals(1, server.receive(batch));
            InetSocketAddress sender = batch.address(0);
            assertEquals(client.localAddress(), sender);
            assertEquals("hello", text(batch));

            PacketBatch reply = PacketBatch.allocate(1, 64);
            reply.buffer().put(0, ascii("world"), 0, 5);
            reply.add(0, 5, sender);
            server.send(reply);
            batch.clear();
            assertEquals(1, client.receive(batch));
            assertEquals(server.localAddress(), batch.address(0));
            assertEquals("world", text(batch));
        }
    }

    @Test(timeout = 5000)
    public void closeWakesBlockedReceiver() throws Exception {
        DatagramEndpoint server = transport.open(anyLoopbackPort, null);
        CompletableFuture<Throwable> outcome = CompletableFuture.supplyAsync(() -> {
            try {
                server.receive(PacketBatch.allocate(server.batchSize(), PacketBatch.MAX_PACKET));
                return null;
            } catch (Throwable t) {
                return t;
            }
        });
        Thread.sleep(200);
        server.close();
        assertTrue(outcome.get(2, TimeUnit.SECONDS) instanceof ClosedChannelException);
    }

    @Test(timeout = 5000)
    public void deactivateClosesOpenEndpoints() throws Exception {
        DatagramEndpoint endpoint = transport.open(anyLoopbackPort, null);
        transport.deactivate();
        try {
            endpoint.send(ascii("x"), endpoint.localAddress());
            fail("endpoint still open after deactivate");
        } catch (ClosedChannelException expected) {
            // released with the bundle
        }
    }

    /** Issue 18: {@code ::} is GOST's {@code :8421}, one socket for IPv4 and IPv6 clients. */
    @Test(timeout = 5000)
    public void theIpv6WildcardTakesIpv4AndIpv6Clients() throws Exception {
        try (DatagramEndpoint server = transport.open(new InetSocketAddress(InetAddress.getByName("::"), 0), null);
             DatagramEndpoint v4 = transport.open(anyLoopbackPort, loopback("127.0.0.1", server));
             DatagramEndpoint v6 = transport.open(new InetSocketAddress(InetAddress.getByName("::1"), 0),
                     loopback("::1", server))) {
            for (DatagramEndpoint client : List.of(v4, v6)) {
                client.send(ascii("hello"), null);
                PacketBatch batch = PacketBatch.allocate(server.batchSize(), 4 * PacketBatch.MAX_PACKET);
                assertEquals(1, server.receive(batch));
                assertEquals(client.localAddress(), batch.address(0));
                server.send(ascii("back"), batch.address(0));
                batch.clear();
                assertEquals(1, client.receive(batch));
                assertEquals("back", text(batch));
            }
        }
    }

    /** Issue 18: an IPv4 address, its wildcard included, is IPv4 only, as GOST's "udp4" for an IPv4 host. */
    @Test(timeout = 5000)
    public void theIpv4WildcardTakesIpv4Only() throws Exception {
        try (DatagramEndpoint server = transport.open(new InetSocketAddress(InetAddress.getByName("0.0.0.0"), 0), null);
             DatagramEndpoint v6 = transport.open(new InetSocketAddress(InetAddress.getByName("::1"), 0),
                     loopback("::1", server));
             DatagramEndpoint v4 = transport.open(anyLoopbackPort, loopback("127.0.0.1", server))) {
            v6.send(ascii("v6"), null); // first: a dual-stack server would receive it first
            v4.send(ascii("v4"), null);
            PacketBatch batch = PacketBatch.allocate(server.batchSize(), 4 * PacketBatch.MAX_PACKET);
            assertEquals(1, server.receive(batch));
            assertEquals("v4", text(batch));
        }
    }

    /** Issue 18: a client whose local address is {@code [::]:0} reaches a server of either family. */
    @Test(timeout = 5000)
    public void aClientOnTheIpv6WildcardReachesIpv4AndIpv6Servers() throws Exception {
        for (String host : List.of("::1", "127.0.0.1")) {
            try (DatagramEndpoint server = transport.open(new InetSocketAddress(InetAddress.getByName(host), 0), null);
                 DatagramEndpoint client = transport.open(new InetSocketAddress(InetAddress.getByName("::"), 0),
                         server.localAddress())) {
                client.send(ascii(host), null);
                PacketBatch batch = PacketBatch.allocate(server.batchSize(), 4 * PacketBatch.MAX_PACKET);
                assertEquals(1, server.receive(batch));
                assertEquals(host, text(batch));
            }
        }
    }

    /** The server's port on a loopback address of one family. */
    private static InetSocketAddress loopback(String host, DatagramEndpoint server) throws Exception {
        return new InetSocketAddress(InetAddress.getByName(host), server.localAddress().getPort());
    }

    private static ByteBuffer ascii(String s) {
        return ByteBuffer.wrap(s.getBytes(StandardCharsets.US_ASCII));
    }

    private static String text(PacketBatch received) {
        byte[] bytes = new byte[received.length(0)];
        received.buffer().get(received.offset(0), bytes);
        return new String(bytes, StandardCharsets.US_ASCII);
    }
}
