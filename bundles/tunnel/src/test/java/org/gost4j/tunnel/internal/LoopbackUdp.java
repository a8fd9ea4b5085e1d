package org.gost4j.tunnel.internal;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.util.concurrent.atomic.AtomicInteger;

import org.gost4j.api.transport.DatagramEndpoint;
import org.gost4j.api.transport.DatagramTransport;

/**
 * The production UDP transport lives in another bundle; this is the same JDK channel, unconnected.
 *
 * <p>{@link #receivingNow} opens endpoints that also receive without blocking, for an engine serving both
 * directions on one thread with a {@link QueueDevice#awaitingWith} device. Their readiness descriptor is a
 * placeholder: that device does not poll it.
 */
final class LoopbackUdp implements DatagramTransport {

    private final boolean receivingNow;
    /** Sends of several datagrams in one call (UDP GSO on the real transport), by every endpoint opened here. */
    final AtomicInteger segmentedSends = new AtomicInteger();

    LoopbackUdp() {
        this(false);
    }

    private LoopbackUdp(boolean receivingNow) {
        this.receivingNow = receivingNow;
    }

    static LoopbackUdp receivingNow() {
        return new LoopbackUdp(true);
    }

    @Override
    public DatagramEndpoint open(InetSocketAddress local, InetSocketAddress remote) throws IOException {
        DatagramChannel channel = DatagramChannel.open().bind(local);
        channel.configureBlocking(!receivingNow);
        InetSocketAddress bound = (InetSocketAddress) channel.getLocalAddress();
        return new DatagramEndpoint() {
            @Override
            public InetSocketAddress receive(ByteBuffer dst) throws IOException {
                return (InetSocketAddress) channel.receive(dst);
            }

            @Override
            public int readinessDescriptor() {
                return receivingNow ? 0 : -1;
            }

            @Override
            public InetSocketAddress receiveNow(ByteBuffer dst) throws IOException {
                return (InetSocketAddress) channel.receive(dst);
            }

            @Override
            public void send(ByteBuffer src, InetSocketAddress target) throws IOException {
                channel.send(src, target);
            }

            @Override
            public void send(ByteBuffer src, int segmentSize, InetSocketAddress target) throws IOException {
                if (src.remaining() > segmentSize) {
                    segmentedSends.incrementAndGet();
                }
                DatagramEndpoint.super.send(src, segmentSize, target);
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
