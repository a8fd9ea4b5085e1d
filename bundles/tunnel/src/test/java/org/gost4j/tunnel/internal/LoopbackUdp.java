package org.gost4j.tunnel.internal;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;

import org.gost4j.api.transport.DatagramEndpoint;
import org.gost4j.api.transport.DatagramTransport;

/** The production UDP transport lives in another bundle; this is the same JDK channel, unconnected. */
final class LoopbackUdp implements DatagramTransport {

    @Override
    public DatagramEndpoint open(InetSocketAddress local, InetSocketAddress remote) throws IOException {
        DatagramChannel channel = DatagramChannel.open().bind(local);
        InetSocketAddress bound = (InetSocketAddress) channel.getLocalAddress();
        return new DatagramEndpoint() {
            @Override
            public InetSocketAddress receive(ByteBuffer dst) throws IOException {
                return (InetSocketAddress) channel.receive(dst);
            }

            @Override
            public void send(ByteBuffer src, InetSocketAddress target) throws IOException {
                channel.send(src, target);
            }

            @Override
            public InetSocketAddress localAddress() {
                return bound;
            }

            @Override
            public void close() {
                try {
                    channel.close();
                } catch (IOException ignored) {
                    // test cleanup
                }
            }
        };
    }
}
