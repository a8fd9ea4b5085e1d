package org.gost4j.transport.udp.internal;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.util.function.Consumer;

import org.gost4j.api.transport.DatagramEndpoint;

/**
 * One UDP socket. A connected endpoint writes without a per-datagram address check; the JDK keeps the last
 * sender's address object, so receiving from the same peer does not allocate.
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
    public InetSocketAddress receive(ByteBuffer dst) throws IOException {
        return (InetSocketAddress) channel.receive(dst);
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
