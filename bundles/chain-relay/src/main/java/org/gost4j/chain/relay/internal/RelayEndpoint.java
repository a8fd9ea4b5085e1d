package org.gost4j.chain.relay.internal;

import java.io.InterruptedIOException;
import java.lang.System.Logger.Level;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;

import org.gost4j.api.io.PacketBatch;
import org.gost4j.api.transport.DatagramEndpoint;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;

/**
 * A datagram endpoint whose datagrams travel as a relay UDP association at the end of a chain of relay hops
 * (each a TLS, WebSocket or WebSocket+TLS connection through the hop before). When any hop drops, the whole chain
 * is re-dialled with backoff; meanwhile sends are dropped (counted) and receivers just wait,
 * so a tunnel sees silence, never a closed endpoint, until it closes the endpoint itself.
 */
final class RelayEndpoint implements DatagramEndpoint {

    private static final System.Logger LOG = System.getLogger(RelayEndpoint.class.getName());
    private static final int QUEUE_DATAGRAMS = 2048;
    private static final long FIRST_BACKOFF_MILLIS = 200;
    private static final long MAX_BACKOFF_MILLIS = 5_000;
    /** The reason of the WebSocket close our relay server sends after its idle timeout. */
    static final String IDLE_REASON = "idle";
    /** Wakes a receiver to report the close; never delivered as data. */
    private static final ByteBuf WAKE = Unpooled.unreleasableBuffer(Unpooled.buffer(0, 0));

    private final ChainTransport chain;
    private final InetSocketAddress remote;
    private final Consumer<RelayEndpoint> onClose;
    private final RelayRequest request;
    private final BlockingQueue<ByteBuf> inbound = new ArrayBlockingQueue<>(QUEUE_DATAGRAMS);
    private final CountDownLatch firstSession = new CountDownLatch(1);
    /** Set on the event loop once a session was established: the next one is a reconnect. */
    private boolean hadSession;
    final LongAdder dropped = new LongAdder();
    private volatile Channel session;
    private volatile Channel accepted;
    private volatile Channel attempt;
    private volatile boolean closed;
    // on the chain's event loop only
    private long backoffMillis = FIRST_BACKOFF_MILLIS;
    private boolean reportedDown;
    private boolean attemptFailed;
    private boolean attemptIdled;

    RelayEndpoint(ChainTransport chain, InetSocketAddress remote, Consumer<RelayEndpoint> onClose) {
        this.chain = chain;
        this.remote = remote;
        this.onClose = onClose;
        NodeSettings last = chain.nodes().get(chain.nodes().size() - 1);
        this.request = new RelayRequest(RelayProtocol.CMD_CONNECT | RelayProtocol.FLAG_UDP, last.username(),
                last.password(), RelayAddress.of(remote), RelayRequest.NO_NETWORK);
    }

    void start(long waitMillis) {
        chain.execute(this::dial);
        try {
            if (!firstSession.await(waitMillis, TimeUnit.MILLISECONDS)) {
                LOG.log(Level.WARNING, "chain " + chain.name() + ": no relay session via " + chain.route()
                        + " within " + waitMillis + " ms; still trying");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The UDP connect request the last hop sends. */
    RelayRequest request() {
        return request;
    }

    private void dial() {
        if (closed) {
            return;
        }
        attemptFailed = false;
        attemptIdled = false;
        ChannelFuture connect = chain.dial(this);
        Channel channel = connect.channel();
        attempt = channel;
        connect.addListener(f -> {
            if (!f.isSuccess()) {
                report(chain.firstHop() + ": " + Failures.describe(f.cause()));
            }
        });
        channel.closeFuture().addListener(f -> lost(channel));
        // one deadline for every hop's TCP, TLS, WebSocket and relay request
        channel.eventLoop().schedule(() -> {
            if (session != channel && channel.isOpen()) {
                report("set-up not done within " + chain.connectMillis() + " ms");
                channel.close();
            }
        }, chain.connectMillis(), TimeUnit.MILLISECONDS);
        if (closed) {
            channel.close();
        }
    }

    /**
     * Called by the last hop on the event loop once its request is written: datagrams may follow at once, as
     * GOST's connector sends them (a GOST server answers only together with the first datagram back).
     */
    void requested(Channel channel) {
        session = channel;
    }

    /** Called by the last hop on the event loop once the server accepted the association. */
    void established(Channel channel) {
        if (hadSession) {
            chain.reconnects.increment();
        }
        hadSession = true;
        accepted = channel;
        backoffMillis = FIRST_BACKOFF_MILLIS;
        String up = "relay session via " + chain.route() + " for udp " + remote + " up";
        if (reportedDown) {
            chain.events().log(ChainEvent.SESSION_UP, Level.INFO, () -> up);
        } else {
            LOG.log(Level.DEBUG, "chain " + chain.name() + ": " + up);
        }
        reportedDown = false;
        firstSession.countDown();
    }

    /** Called by a hop's relay handler on the event loop: {@code hop} failed; closes the connection. */
    void failed(ChannelHandlerContext ctx, Hop hop, Throwable cause) {
        report(hop + ": " + Failures.describe(cause));
        ctx.close();
    }

    /**
     * Called by the last hop when the relay server closes the session with a reason: {@value #IDLE_REASON}
     * (ours, after its idle timeout) is routine, so the re-dial that follows is not reported as a failure.
     */
    void closedByServer(Channel channel, String reason) {
        attemptIdled = channel == accepted && IDLE_REASON.equals(reason);
    }

    /** Logs an attempt's first failure, once until the next success; the connection's close re-dials. */
    private void report(String reason) {
        if (attemptFailed) {
            return;
        }
        attemptFailed = true;
        if (!reportedDown) {
            reportedDown = true;
            chain.events().log(ChainEvent.SESSION_DOWN, Level.WARNING, () -> "relay session via " + chain.route()
                    + " for udp " + remote + " down (" + reason + "); reconnecting");
        } else {
            LOG.log(Level.DEBUG, "chain " + chain.name() + ": reconnecting failed: " + reason);
        }
        firstSession.countDown(); // no use holding up whoever opened the endpoint: it keeps trying anyway
    }

    private void lost(Channel channel) {
        if (session == channel) {
            session = null;
        }
        if (closed || attempt != channel) {
            return;
        }
        if (attemptIdled) {
            LOG.log(Level.DEBUG, "chain " + chain.name() + ": the relay server closed the idle session for udp "
                    + remote + "; reconnecting");
        } else {
            report("connection closed" + (accepted == channel ? "" : " during set-up"));
        }
        long delay = backoffMillis;
        backoffMillis = Math.min(MAX_BACKOFF_MILLIS, backoffMillis * 2);
        channel.eventLoop().schedule(this::dial, delay, TimeUnit.MILLISECONDS);
    }

    /** Called by the session on its event loop with a datagram it owns; dropped (counted) if nobody keeps up. */
    void deliver(ByteBuf datagram) {
        if (closed || !inbound.offer(datagram)) {
            dropped.increment();
            datagram.release();
        }
    }

    @Override
    public int batchSize() {
        return 1;
    }

    /** A batch of one: the next datagram of the session. */
    @Override
    public int receive(PacketBatch batch) throws ClosedChannelException, InterruptedIOException {
        ByteBuf datagram;
        try {
            datagram = inbound.take();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException();
        }
        if (datagram == WAKE) {
            inbound.offer(WAKE); // for any other receiver
            throw new ClosedChannelException();
        }
        try {
            // counted here, before the caller sees it, not when queued: a reader of the counters after a
            // receive must find the datagram counted
            chain.datagramsReceived.increment();
            chain.bytesReceived.add(datagram.readableBytes());
            int at = batch.end();
            int length = Math.min(datagram.readableBytes(), batch.room());
            datagram.getBytes(datagram.readerIndex(), batch.buffer().clear().position(at).limit(at + length));
            batch.add(at, length, remote);
        } finally {
            datagram.release();
        }
        return 1;
    }

    @Override
    public void send(PacketBatch batch) {
        ByteBuffer buffer = batch.buffer();
        for (int i = 0; i < batch.size(); i++) {
            send(buffer.clear().position(batch.offset(i)).limit(batch.offset(i) + batch.length(i)), batch.address(i));
        }
    }

    /** Sends through the current session; without one (reconnecting) the datagram is dropped, as UDP may. */
    @Override
    public void send(ByteBuffer src, InetSocketAddress target) {
        Channel channel = session;
        int length = src.remaining();
        if (channel == null || !channel.isWritable() || length > RelayProtocol.MAX_DATAGRAM) {
            dropped.increment();
            src.position(src.limit());
            return;
        }
        ByteBuf framed = channel.alloc().buffer(RelayProtocol.DATAGRAM_LENGTH_BYTES + length);
        framed.writeShort(length);
        framed.writeBytes(src);
        channel.writeAndFlush(framed, channel.voidPromise());
        chain.datagramsSent.increment();
        chain.bytesSent.add(length);
    }

    @Override
    public InetSocketAddress localAddress() {
        Channel channel = session;
        return channel != null ? (InetSocketAddress) channel.localAddress() : new InetSocketAddress(0);
    }

    /** Whether the current session was accepted by the server. */
    boolean connected() {
        Channel channel = session;
        return channel != null && channel == accepted;
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        Channel channel = attempt;
        if (channel != null) {
            channel.close();
        }
        ByteBuf datagram;
        while ((datagram = inbound.poll()) != null) {
            datagram.release();
        }
        inbound.offer(WAKE);
        firstSession.countDown();
        onClose.accept(this);
    }
}
