package org.gost4j.api.transport;

import java.io.Closeable;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;

/** A datagram socket-like endpoint. One thread may receive while others send. */
public interface DatagramEndpoint extends Closeable {

    /**
     * Blocks until a datagram arrives and puts it into {@code dst} from its position. A datagram longer than
     * the space left is truncated; callers size buffers for the largest datagram they accept.
     *
     * @return the sender's address
     * @throws java.nio.channels.ClosedChannelException once closed, also to a blocked receiver
     */
    InetSocketAddress receive(ByteBuffer dst) throws IOException;

    /** Sends the remaining bytes of {@code src} as one datagram to {@code target}. */
    void send(ByteBuffer src, InetSocketAddress target) throws IOException;

    /**
     * Sends the remaining bytes of {@code src} as consecutive datagrams of {@code segmentSize} bytes each (the
     * last may be shorter) to {@code target}, advancing the position past all of them. A transport that can hand
     * them to the kernel at once (UDP GSO) does; the peer receives ordinary datagrams either way.
     */
    default void send(ByteBuffer src, int segmentSize, InetSocketAddress target) throws IOException {
        int end = src.limit();
        try {
            while (src.position() < end) {
                src.limit(Math.min(end, src.position() + segmentSize));
                send(src, target);
            }
        } finally {
            src.limit(end);
        }
    }

    /**
     * Whether the next {@link #receive} returns at once with a datagram this endpoint already took from the
     * kernel as part of a batch. A caller that defers work until the batch ends (e.g. {@link
     * org.gost4j.api.device.TunDevice#flush}) asks this after each datagram.
     */
    default boolean hasBuffered() {
        return false;
    }

    /**
     * The OS file descriptor that polls readable when {@link #receiveNow} has a datagram or the endpoint was
     * closed, or -1 if this endpoint has none (then only {@link #receive} works).
     */
    default int readinessDescriptor() {
        return -1;
    }

    /**
     * Receives like {@link #receive} if a datagram is waiting; returns null at once, position unchanged, if not.
     * Only for endpoints with a {@link #readinessDescriptor}.
     *
     * @throws java.nio.channels.ClosedChannelException once closed
     */
    default InetSocketAddress receiveNow(ByteBuffer dst) throws IOException {
        throw new UnsupportedOperationException("this endpoint cannot receive without blocking");
    }

    InetSocketAddress localAddress();

    @Override
    void close();
}
