package org.gost4j.api.transport;

import java.io.Closeable;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;

import org.gost4j.api.io.PacketBatch;
import org.osgi.annotation.versioning.ProviderType;

/**
 * A datagram socket-like endpoint moving datagrams in explicit batches, as wireguard-go's {@code conn.Bind} does:
 * every transport supports a {@link PacketBatch} (a batch of one where the system gives no more). One thread may
 * receive while others send.
 */
@ProviderType
public interface DatagramEndpoint extends Closeable {

    /** The most datagrams worth handing over in one receive or send: 1 where the system moves one at a time. */
    int batchSize();

    /**
     * Blocks until a datagram arrives, then appends it and whatever else is waiting to {@code batch}, each with
     * its sender's address, by the rules of {@link PacketBatch}.
     *
     * @return the number of datagrams appended, at least 1
     * @throws java.nio.channels.ClosedChannelException once closed, also to a blocked receiver
     */
    int receive(PacketBatch batch) throws IOException;

    /**
     * Sends every entry of {@code batch} as one datagram to its address, in order. Consecutive entries for one
     * peer that follow each other in the buffer, all as long as the first but a shorter last, may leave in one
     * system call (UDP GSO); the peer receives ordinary datagrams either way.
     */
    void send(PacketBatch batch) throws IOException;

    /** Sends the remaining bytes of {@code datagram} as one datagram to {@code target}, e.g. a control message. */
    void send(ByteBuffer datagram, InetSocketAddress target) throws IOException;

    InetSocketAddress localAddress();

    @Override
    void close();
}
