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

    InetSocketAddress localAddress();

    @Override
    void close();
}
