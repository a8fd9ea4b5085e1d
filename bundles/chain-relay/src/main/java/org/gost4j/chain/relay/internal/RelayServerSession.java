package org.gost4j.chain.relay.internal;

import static org.gost4j.chain.relay.internal.RelayProtocol.*;

import java.lang.System.Logger.Level;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOption;
import io.netty.channel.socket.nio.NioDatagramChannel;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketCloseStatus;
import io.netty.handler.codec.http.websocketx.WebSocketServerHandshaker;

/**
 * One relay client on the server: reads its request, checks version and credentials, and for a UDP connect
 * opens a UDP socket connected to the target; then datagrams flow both ways, one per {@code LEN DATA} frame.
 * A refused request gets a response with the reason's status, then a WebSocket close.
 */
final class RelayServerSession extends RelayStreamHandler {

    private static final System.Logger LOG = System.getLogger(RelayServerSession.class.getName());

    private enum State { REQUEST, CONNECTING, RELAYING, DONE }

    private final RelayServer server;
    private final WebSocketServerHandshaker handshaker;
    private State state = State.REQUEST;
    private Channel udp;
    private String peer;

    RelayServerSession(RelayServer server, WebSocketServerHandshaker handshaker) {
        this.server = server;
        this.handshaker = handshaker;
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
            return; // datagrams wait in the stream until the UDP socket is ready
        }
        ByteBuf datagram;
        while ((datagram = readDatagram(in, ctx.alloc())) != null) {
            if (udp.isWritable()) {
                server.counters().datagramsToTarget.increment();
                udp.write(datagram, udp.voidPromise());
            } else {
                server.counters().dropped.increment();
                datagram.release();
            }
        }
        udp.flush();
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
        if (!request.isUdp()) {
            throw new RelayException(STATUS_BAD_REQUEST, "only UDP is relayed (TCP connect is not supported)");
        }
        if (request.address() == null) {
            throw new RelayException(STATUS_BAD_REQUEST, "UDP connect without a target address");
        }
        InetSocketAddress target;
        try {
            target = request.address().toTarget();
        } catch (UnknownHostException e) {
            throw new RelayException(STATUS_NETWORK_UNREACHABLE, "cannot resolve " + request.address().host());
        }
        state = State.CONNECTING;
        openUdp(ctx, target);
    }

    private void openUdp(ChannelHandlerContext ctx, InetSocketAddress target) {
        Channel ws = ctx.channel();
        new Bootstrap().group(ws.eventLoop()).channel(NioDatagramChannel.class)
                .option(ChannelOption.SO_RCVBUF, 1 << 20)
                .handler(new UdpToStream(ws, server.counters()))
                .connect(target).addListener((ChannelFutureListener) future -> {
                    if (!future.isSuccess()) {
                        refuse(ctx, new RelayException(STATUS_NETWORK_UNREACHABLE, "UDP to " + target + ": "
                                + future.cause().getMessage()));
                        return;
                    }
                    udp = future.channel();
                    if (state != State.CONNECTING) { // the client left meanwhile
                        udp.close();
                        return;
                    }
                    ws.closeFuture().addListener(f -> udp.close());
                    ws.pipeline().remove(HandshakeDeadline.class);
                    ByteBuf response = ctx.alloc().buffer(HEADER_BYTES);
                    RelayRequest.encodeResponse(STATUS_OK, response);
                    ctx.writeAndFlush(new BinaryWebSocketFrame(response));
                    state = State.RELAYING;
                    server.counters().sessions.increment();
                    LOG.log(Level.INFO, "relay " + server.settings().name() + ": " + peer + " <-> udp " + target
                            + " from " + udp.localAddress());
                    process(ctx);
                });
    }

    @Override
    protected void refuse(ChannelHandlerContext ctx, RelayException e) {
        if (state == State.DONE) {
            return;
        }
        boolean answer = state == State.REQUEST || state == State.CONNECTING;
        state = State.DONE;
        server.counters().refused.increment();
        LOG.log(Level.INFO, "relay " + server.settings().name() + ": refused " + (peer != null ? peer
                : ctx.channel().remoteAddress()) + ": " + statusText(e.status()) + ": " + e.getMessage());
        if (answer) {
            ByteBuf response = ctx.alloc().buffer(HEADER_BYTES);
            RelayRequest.encodeResponse(e.status(), response);
            ctx.write(new BinaryWebSocketFrame(response));
        }
        handshaker.close(ctx.channel(), new CloseWebSocketFrame(WebSocketCloseStatus.POLICY_VIOLATION,
                statusText(e.status()))).addListener(ChannelFutureListener.CLOSE);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        if (state == State.REQUEST && peer == null) {
            LOG.log(Level.INFO, "relay " + server.settings().name() + ": " + ctx.channel().remoteAddress()
                    + " left before a whole relay request arrived");
        } else if (state == State.RELAYING) {
            LOG.log(Level.INFO, "relay " + server.settings().name() + ": " + peer + " disconnected");
        }
        state = State.DONE;
        if (udp != null) {
            udp.close();
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
        LOG.log(Level.INFO, "relay " + server.settings().name() + ": closing " + ctx.channel().remoteAddress()
                + ": " + root);
        ctx.close();
    }
}
