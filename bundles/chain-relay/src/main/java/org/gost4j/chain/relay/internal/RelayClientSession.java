package org.gost4j.chain.relay.internal;

import static org.gost4j.chain.relay.internal.RelayProtocol.*;

import javax.net.ssl.SSLHandshakeException;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PingWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketClientProtocolHandler.ClientHandshakeStateEvent;
import io.netty.handler.timeout.IdleState;
import io.netty.handler.timeout.IdleStateEvent;

/**
 * The client end of one relay session: after the WebSocket handshake it sends the UDP connect request and lets
 * its endpoint send; the response must come before any datagram from the server, which then go to the endpoint. Pings when idle; closes when the server went silent.
 */
final class RelayClientSession extends RelayStreamHandler {

    private final RelayEndpoint endpoint;
    private final RelayRequest request;
    private boolean established;
    private boolean failed;

    RelayClientSession(RelayEndpoint endpoint, RelayRequest request) {
        this.endpoint = endpoint;
        this.request = request;
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object event) {
        if (event == ClientHandshakeStateEvent.HANDSHAKE_COMPLETE) {
            ByteBuf bytes = ctx.alloc().buffer(64);
            request.encode(bytes);
            ctx.writeAndFlush(new BinaryWebSocketFrame(bytes));
            endpoint.requested(ctx.channel());
        } else if (event == ClientHandshakeStateEvent.HANDSHAKE_TIMEOUT) {
            fail(ctx, "WebSocket handshake timed out");
        } else if (event instanceof IdleStateEvent idle) {
            if (idle.state() == IdleState.WRITER_IDLE) {
                ctx.writeAndFlush(new PingWebSocketFrame());
            } else if (idle.state() == IdleState.READER_IDLE) {
                fail(ctx, "server silent for " + ChainTransport.DEAD_SECONDS + " s");
            }
        } else {
            ctx.fireUserEventTriggered(event);
        }
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in) throws RelayException {
        if (!established) {
            int status = RelayRequest.decodeResponse(in);
            if (status < 0) {
                return;
            }
            if (status != STATUS_OK) {
                throw new RelayException(status, "relay server refused: " + statusText(status));
            }
            established = true;
            endpoint.established(ctx.channel());
        }
        ByteBuf datagram;
        while ((datagram = readDatagram(in, ctx.alloc())) != null) {
            endpoint.deliver(datagram);
        }
    }

    @Override
    protected void refuse(ChannelHandlerContext ctx, RelayException e) {
        fail(ctx, e.getMessage());
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        Throwable root = cause;
        while (root.getCause() != null && !(root instanceof SSLHandshakeException)) {
            root = root.getCause();
        }
        fail(ctx, root instanceof SSLHandshakeException ? "TLS: " + root.getMessage() : root.toString());
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        if (!failed && !established) {
            fail(ctx, "connection closed during the handshake");
        }
        ctx.fireChannelInactive();
    }

    private void fail(ChannelHandlerContext ctx, String reason) {
        if (!failed) {
            failed = true;
            endpoint.failed(reason);
        }
        ctx.close();
    }
}
