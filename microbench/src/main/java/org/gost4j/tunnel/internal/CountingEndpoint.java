package org.gost4j.tunnel.internal;

import java.net.InetSocketAddress;
import java.nio.ByteBuffer;

import org.gost4j.api.io.PacketBatch;
import org.gost4j.api.transport.DatagramEndpoint;

/** Counts what the engine sends instead of sending it; receives nothing. */
final class CountingEndpoint implements DatagramEndpoint {

    long datagrams;
    long bytes;
    /** The last target, so the benchmark can check where a packet went. */
    InetSocketAddress lastTarget;

    @Override
    public int batchSize() {
        return 1;
    }

    @Override
    public int receive(PacketBatch batch) {
        return 0;
    }

    @Override
    public void send(PacketBatch batch) {
        for (int i = 0; i < batch.size(); i++) {
            datagrams++;
            bytes += batch.length(i);
            lastTarget = batch.address(i);
        }
    }

    @Override
    public void send(ByteBuffer datagram, InetSocketAddress target) {
        datagrams++;
        bytes += datagram.remaining();
        datagram.position(datagram.limit());
        lastTarget = target;
    }

    @Override
    public InetSocketAddress localAddress() {
        return new InetSocketAddress(0);
    }

    @Override
    public void close() {
    }
}
