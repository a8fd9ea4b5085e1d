package org.gost4j.chain.relay.internal;

import static org.gost4j.chain.relay.internal.RelayProtocol.*;

import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOption;
import io.netty.channel.FixedRecvByteBufAllocator;
import io.netty.channel.socket.nio.NioDatagramChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketCloseStatus;

/**
 * One relay client on the server: reads its request, checks version, credentials and target, then connects to
 * the target: a UDP association ({@code CONNECT} with the UDP flag: a connected UDP socket, datagrams framed
 * {@code LEN DATA} on the stream) or a TCP connection ({@code CONNECT}: the bytes as they are; how a chain
 * reaches its next hop). A refused request gets a response with the reason's status, then the connection
 * closes (a WebSocket close first on ws/wss). A session with no data either way for the idle timeout closes.
 */
final class RelayServerSession extends RelayStreamHandler {

    private enum State { REQUEST, CONNECTING, RELAYING, DONE }

    private final RelayServer server;
    private State state = State.REQUEST;
    private Channel target;
    private boolean udp;
    private String peer;
    private String route;
    private long lastActivity;
    private ScheduledFuture<?> idleCheck;

    RelayServerSession(RelayServer server) {
        this.server = server;
    }

    /** Notes data passing either way; only the session's event loop calls it. */
    void touch() {
        lastActivity = System.nanoTime();
    }

    @Override
    protected boolean passThrough(ChannelHandlerContext ctx, ByteBuf bytes) {
        if (state != State.RELAYING || udp) {
            return false;
        }
        touch();
        target.writeAndFlush(bytes, target.voidPromise());
        if (!target.isWritable()) {
            ctx.channel().config().setAutoRead(false); // TcpToStream turns it back on once the target drains
        }
        return true;
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in) throws RelayException {
        if (state == State.REQUEST) {
            RelayRequest request = RelayRequest.decode(in);
            if (request == null) {
                return;
            }
            accept(ctx, request);
        }
        if (state != State.RELAYING) {
            return; // what follows the request waits in the stream until the target is connected
        }
        if (!udp) {
            if (in.isReadable()) {
                passThrough(ctx, in.readBytes(in.readableBytes()));
            }
            return;
        }
        ByteBuf datagram;
        while ((datagram = readDatagram(in, ctx.alloc())) != null) {
            touch();
            if (target.isWritable()) {
                server.counters().datagramsToTarget.increment();
                target.write(datagram, target.voidPromise());
            } else {
                server.counters().dropped.increment();
                datagram.release();
            }
        }
        target.flush();
    }

    private void accept(ChannelHandlerContext ctx, RelayRequest request) throws RelayException {
        peer = ctx.channel().remoteAddress() + (request.username() == null ? "" : " (user " + request.username() + ")");
        if (!server.settings().users().accept(request.username(), request.password())) {
            throw new RelayException(STATUS_UNAUTHORIZED, "wrong user name or password");
        }
        int command = request.commandCode();
        if (command == CMD_BIND) {
            throw new RelayException(STATUS_FORBIDDEN, server.settings().bind()
                    ? "BIND (a listener on the server) is not implemented; UDP goes through CONNECT"
                    : "BIND is disabled (bind=false)");
        }
        if (command != CMD_CONNECT && command != 0) {
            throw new RelayException(STATUS_BAD_REQUEST, "unknown command " + command);
        }
        if (request.address() == null) {
            throw new RelayException(STATUS_BAD_REQUEST, "CONNECT without a target address");
        }
        udp = request.isUdp();
        String refusal = server.targets().refusal(udp, request.address());
        if (refusal != null) {
            throw new RelayException(STATUS_FORBIDDEN, refusal);
        }
        InetSocketAddress address;
        try {
            address = request.address().toTarget();
        } catch (UnknownHostException e) {
            throw new RelayException(STATUS_NETWORK_UNREACHABLE, "cannot resolve " + request.address().host());
        }
        route = (udp ? "udp " : "tcp ") + address;
        state = State.CONNECTING;
        Channel client = ctx.channel();
        Bootstrap bootstrap = new Bootstrap().group(client.eventLoop());
        if (udp) {
            // Netty reads at most 2 KiB per datagram by default: take any UDP datagram whole
            bootstrap.channel(NioDatagramChannel.class).option(ChannelOption.SO_RCVBUF, 1 << 20)
                    .option(ChannelOption.RCVBUF_ALLOCATOR, new FixedRecvByteBufAllocator(MAX_DATAGRAM + 1))
                    .handler(new UdpToStream(client, this, server.counters()));
        } else {
            bootstrap.channel(NioSocketChannel.class).option(ChannelOption.TCP_NODELAY, true)
                    .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) server.settings().handshakeMillis())
                    .handler(new TcpToStream(client, this));
        }
        bootstrap.connect(address).addListener((ChannelFutureListener) future -> {
            if (!future.isSuccess()) {
                refuse(ctx, new RelayException(STATUS_NETWORK_UNREACHABLE, route + ": "
                        + Failures.describe(future.cause())));
                return;
            }
            relay(ctx, future.channel());
        });
    }

    private void relay(ChannelHandlerContext ctx, Channel connected) {
        target = connected;
        if (state != State.CONNECTING) { // the client left meanwhile
            target.close();
            return;
        }
        Channel client = ctx.channel();
        client.closeFuture().addListener(f -> target.close());
        client.pipeline().remove(HandshakeDeadline.class);
        ByteBuf response = ctx.alloc().buffer(HEADER_BYTES);
        RelayRequest.encodeResponse(STATUS_OK, response);
        ctx.writeAndFlush(response);
        state = State.RELAYING;
        touch();
        scheduleIdleCheck(ctx, server.settings().idleMillis());
        server.log().log(RelayEvent.SESSION_UP, peer, "<-> " + route + " from " + target.localAddress());
        process(ctx);
    }

    private void scheduleIdleCheck(ChannelHandlerContext ctx, long delayMillis) {
        idleCheck = ctx.executor().schedule(() -> {
            long idleMillis = server.settings().idleMillis();
            long quietMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - lastActivity);
            if (state != State.RELAYING) {
                return;
            }
            if (quietMillis >= idleMillis) {
                state = State.DONE;
                server.log().log(RelayEvent.IDLE, peer, route + ", no data for " + quietMillis + " ms");
                closeClient(ctx, WebSocketCloseStatus.NORMAL_CLOSURE, RelayEndpoint.IDLE_REASON);
            } else {
                scheduleIdleCheck(ctx, idleMillis - quietMillis);
            }
        }, delayMillis, TimeUnit.MILLISECONDS);
    }

    @Override
    protected void refuse(ChannelHandlerContext ctx, RelayException e) {
        if (state == State.DONE) {
            return;
        }
        boolean answer = state == State.REQUEST || state == State.CONNECTING;
        state = State.DONE;
        server.log().log(RelayEvent.ofStatus(e.status()), peer != null ? peer : ctx.channel().remoteAddress(),
                e.getMessage());
        if (answer) {
            ByteBuf response = ctx.alloc().buffer(HEADER_BYTES);
            RelayRequest.encodeResponse(e.status(), response);
            ctx.write(response);
        }
        closeClient(ctx, WebSocketCloseStatus.POLICY_VIOLATION, statusText(e.status()));
    }

    /** Ends the client's connection: a WebSocket close first on ws/wss, then the TCP connection. */
    private void closeClient(ChannelHandlerContext ctx, WebSocketCloseStatus status, String reason) {
        if (server.settings().transport().websocket()) {
            ctx.writeAndFlush(new CloseWebSocketFrame(status, reason)).addListener(ChannelFutureListener.CLOSE);
        } else {
            ctx.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(ChannelFutureListener.CLOSE);
        }
    }

    /** Called on the event loop when the target's side closed (TCP) or failed for good. */
    void targetClosed(ChannelHandlerContext client) {
        if (state == State.RELAYING) {
            state = State.DONE;
            closeClient(client, WebSocketCloseStatus.NORMAL_CLOSURE, "target closed");
        }
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        if (target != null && !udp && ctx.channel().isWritable()) {
            target.config().setAutoRead(true);
        }
        ctx.fireChannelWritabilityChanged();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        if (state == State.RELAYING) {
            server.log().log(RelayEvent.SESSION_DOWN, peer, route);
        }
        state = State.DONE;
        if (idleCheck != null) {
            idleCheck.cancel(false);
        }
        if (target != null) {
            target.close();
        }
        ctx.fireChannelInactive();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        Throwable root = cause.getCause() instanceof RelayException ? cause.getCause() : cause;
        if (root instanceof RelayException relay) {
            refuse(ctx, relay);
            return;
        }
        server.connectionError(ctx, cause);
    }
}
