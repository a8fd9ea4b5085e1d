package org.gost4j.chain.relay.internal;

import static org.gost4j.chain.relay.internal.RelayProtocol.*;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.websocketx.PingWebSocketFrame;
import io.netty.handler.timeout.IdleState;
import io.netty.handler.timeout.IdleStateEvent;

/**
 * The relay handler of a chain's last hop: once the hop is up it sends the UDP connect request for the
 * endpoint's remote address and lets the endpoint send; the response must come before any datagram from the
 * server, which then go to the endpoint. When the chain has a WebSocket layer it pings through the innermost
 * one while the endpoint is silent, and closes when the server stays silent too long.
 */
final class RelayClientSession extends RelayStreamHandler {

    private final RelayEndpoint endpoint;
    private final Hop hop;
    private final String pingLayer;
    private boolean requested;
    private boolean established;

    /** @param pingLayer name of the innermost WebSocket stream handler, or null when no hop is ws/wss */
    RelayClientSession(RelayEndpoint endpoint, Hop hop, String pingLayer) {
        this.endpoint = endpoint;
        this.hop = hop;
        this.pingLayer = pingLayer;
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object event) throws Exception {
        if (hop.isReady(event)) {
            if (!requested) {
                requested = true;
                ByteBuf bytes = ctx.alloc().buffer(64);
                endpoint.request().encode(bytes);
                ctx.writeAndFlush(bytes);
                endpoint.requested(ctx.channel());
            }
        } else if (event instanceof WebSocketStream.PeerClose close) {
            endpoint.closedByServer(ctx.channel(), close.reason());
        } else if (event instanceof IdleStateEvent idle) {
            if (idle.state() == IdleState.WRITER_IDLE && pingLayer != null && requested) {
                ctx.pipeline().context(pingLayer).writeAndFlush(new PingWebSocketFrame());
            } else if (idle.state() == IdleState.READER_IDLE) {
                endpoint.failed(ctx, hop, new RelayException(STATUS_OK, "server silent for "
                        + ChainTransport.DEAD_SECONDS + " s"));
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
        endpoint.failed(ctx, hop, e);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        endpoint.failed(ctx, hop, cause);
    }
}
