package org.gost4j.tunnel.internal;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.channels.ClosedChannelException;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;

import org.gost4j.api.io.PacketBatch;
import org.gost4j.api.io.Pollable;
import org.gost4j.api.transport.DatagramEndpoint;
import org.gost4j.api.transport.DatagramTransport;

/**
 * The production UDP transport lives in another bundle; this is the same JDK channel, unconnected, a datagram
 * per receive.
 *
 * <p>{@link #receivingNow} opens endpoints that also receive without blocking, for an engine serving both
 * directions on one thread with a {@link FakePoller}; they have no descriptors for it to watch.
 */
final class LoopbackUdp implements DatagramTransport {

    private final boolean receivingNow;
    /** The sizes of the batches sent by every endpoint opened here, in order. */
    final List<Integer> sentBatches = new CopyOnWriteArrayList<>();
    /** If set, run by the next endpoint closed here before it closes, as a close that takes its time. */
    final AtomicReference<Runnable> beforeNextClose = new AtomicReference<>();

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
        return new Endpoint(channel);
    }

    private final class Endpoint implements DatagramEndpoint, Pollable {

        private final DatagramChannel channel;
        private final InetSocketAddress bound;

        Endpoint(DatagramChannel channel) throws IOException {
            this.channel = channel;
            this.bound = (InetSocketAddress) channel.getLocalAddress();
        }

        @Override
        public int batchSize() {
            return 64;
        }

        @Override
        public int receive(PacketBatch batch) throws IOException {
            return receiveInto(batch) ? 1 : 0;
        }

        @Override
        public int readNow(PacketBatch batch) throws IOException {
            int added = 0;
            while (!batch.isFull() && receiveInto(batch)) {
                added++;
            }
            return added;
        }

        private boolean receiveInto(PacketBatch batch) throws IOException {
            int at = batch.end();
            ByteBuffer buffer = batch.buffer().clear().position(at).limit(at + PacketBatch.MAX_PACKET);
            InetSocketAddress sender = (InetSocketAddress) channel.receive(buffer);
            if (sender == null) {
                return false;
            }
            batch.add(at, buffer.position() - at, sender);
            return true;
        }

        @Override
        public int[] acquireDescriptors() throws ClosedChannelException {
            if (!channel.isOpen()) {
                throw new ClosedChannelException();
            }
            return new int[0];
        }

        @Override
        public void releaseDescriptors() {
            // nothing held
        }

        @Override
        public void send(ByteBuffer src, InetSocketAddress target) throws IOException {
            channel.send(src, target);
        }

        @Override
        public void send(PacketBatch batch) throws IOException {
            sentBatches.add(batch.size());
            for (int i = 0; i < batch.size(); i++) {
                ByteBuffer datagram = batch.buffer().clear().position(batch.offset(i))
                        .limit(batch.offset(i) + batch.length(i));
                channel.send(datagram, batch.address(i));
            }
        }

        @Override
        public InetSocketAddress localAddress() {
            return bound;
        }

        @Override
        public void close() {
            Runnable before = beforeNextClose.getAndSet(null);
            if (before != null) {
                before.run();
            }
            try {
                channel.close();
            } catch (IOException ignored) {
                // test cleanup
            }
        }
    }

    /** An endpoint a poller cannot watch, as a chain's: its receives block. */
    static DatagramEndpoint withoutDescriptors(DatagramEndpoint endpoint) {
        return new DatagramEndpoint() {
            @Override
            public int batchSize() {
                return endpoint.batchSize();
            }

            @Override
            public int receive(PacketBatch batch) throws IOException {
                return endpoint.receive(batch);
            }

            @Override
            public void send(PacketBatch batch) throws IOException {
                endpoint.send(batch);
            }

            @Override
            public void send(ByteBuffer datagram, InetSocketAddress target) throws IOException {
                endpoint.send(datagram, target);
            }

            @Override
            public InetSocketAddress localAddress() {
                return endpoint.localAddress();
            }

            @Override
            public void close() {
                endpoint.close();
            }
        };
    }
}
