package org.gost4j.transport.udp.internal;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.util.function.Consumer;

import org.gost4j.api.io.PacketBatch;
import org.gost4j.api.transport.DatagramEndpoint;

/**
 * One UDP socket through a JDK channel in blocking mode: a batch of one datagram per receive and one per send
 * call. A connected endpoint writes without a per-datagram address check; the JDK keeps the last sender's
 * address object, so receiving from the same peer does not allocate.
 */
final class UdpEndpoint implements DatagramEndpoint {

    private final DatagramChannel channel;
    private final InetSocketAddress local;
    private final InetSocketAddress remote;
    private final Consumer<DatagramEndpoint> onClose;

    UdpEndpoint(DatagramChannel channel, InetSocketAddress remote, Consumer<DatagramEndpoint> onClose) throws IOException {
        this.channel = channel;
        this.local = (InetSocketAddress) channel.getLocalAddress();
        this.remote = remote;
        this.onClose = onClose;
    }

    @Override
    public int batchSize() {
        return 1;
    }

    @Override
    public int receive(PacketBatch batch) throws IOException {
        int at = batch.end();
        ByteBuffer buffer = batch.buffer();
        buffer.clear().position(at).limit(at + Math.min(batch.room(), PacketBatch.MAX_PACKET));
        InetSocketAddress sender = (InetSocketAddress) channel.receive(buffer);
        batch.add(at, buffer.position() - at, sender);
        return 1;
    }

    @Override
    public void send(PacketBatch batch) throws IOException {
        ByteBuffer buffer = batch.buffer();
        for (int i = 0; i < batch.size(); i++) {
            buffer.clear().position(batch.offset(i)).limit(batch.offset(i) + batch.length(i));
            send(buffer, batch.address(i));
        }
    }

    @Override
    public void send(ByteBuffer src, InetSocketAddress target) throws IOException {
        if (remote != null) {
            channel.write(src);
        } else {
            channel.send(src, target);
        }
    }

    @Override
    public InetSocketAddress localAddress() {
        return local;
    }

    @Override
    public void close() {
        try {
            channel.close();
        } catch (IOException ignored) {
            // closing a datagram channel only fails if already closed
        } finally {
            onClose.accept(this);
        }
    }
}
