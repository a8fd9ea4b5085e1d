package org.gost4j.transport.udp.internal;

import java.io.IOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.Map;

import org.gost4j.api.io.PacketBatch;
import org.gost4j.api.transport.DatagramEndpoint;

/**
 * Run in a JVM of its own by {@link NoJnaWithJniTest}: the transport as the component starts it, two native
 * endpoints that exchange datagrams both ways (single sends and a batch), a refused bind, then the bundle's stop.
 */
public final class NoJnaProbe {

    private NoJnaProbe() {
    }

    public static void main(String[] args) throws Exception {
        UdpTransport transport = new UdpTransport();
        transport.activate(Map.of());
        InetSocketAddress loopback = new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);
        DatagramEndpoint server = transport.open(loopback, null);
        DatagramEndpoint client = transport.open(loopback, server.localAddress());
        PacketBatch batch = PacketBatch.allocate(server.batchSize(), 4 * PacketBatch.MAX_PACKET);

        client.send(ByteBuffer.wrap(new byte[] {1, 2, 3}), null);
        expect(server, batch, 3);
        PacketBatch reply = PacketBatch.allocate(2, 64);
        reply.add(0, 5, batch.address(0));
        reply.add(5, 5, batch.address(0));
        server.send(reply);
        batch.clear();
        expect(client, batch, 5);
        try {
            transport.open(server.localAddress(), null);
            throw new AssertionError("a second bind to " + server.localAddress() + " worked");
        } catch (BindException expected) {
            System.out.println(expected.getMessage());
        }
        transport.deactivate();
        System.out.println("probe: ok, calls through " + UdpSyscalls.best());
    }

    private static void expect(DatagramEndpoint endpoint, PacketBatch batch, int length) throws IOException {
        batch.clear();
        if (endpoint.receive(batch) < 1 || batch.length(0) != length) {
            throw new AssertionError("expected a datagram of " + length + " bytes");
        }
    }
}
