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

    private static ByteBuffer ascii(String s) {
        return ByteBuffer.wrap(s.getBytes(StandardCharsets.US_ASCII));
    }

    private static String text(PacketBatch received) {
        byte[] bytes = new byte[received.length(0)];
        received.buffer().get(received.offset(0), bytes);
        return new String(bytes, StandardCharsets.US_ASCII);
    }
}
