package org.gost4j.chain.relay.internal;

import static org.gost4j.chain.relay.internal.RelayProtocol.*;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;

/**
 * The relay handler of a hop that is not the last: once the hop is up it asks its relay server for a TCP
 * connection to the next hop ({@code CONNECT} without the UDP flag, this hop's credentials, the next hop's
 * address, as GOST's chain does) and at once adds the next hop's handlers, whose handshake then travels
 * through it. The server's response comes first on the way back (a GOST server sends it with the first bytes
 * from the next hop); it is taken out of the stream and everything after it passes through.
 */
final class RelayConnectHop extends ChannelDuplexHandler {

    private final ChainTransport chain;
    private final RelayEndpoint endpoint;
    private final Hop hop;
    private final Hop next;
    private ByteBuf response;
    private boolean requested;
    private boolean connected;

    RelayConnectHop(ChainTransport chain, RelayEndpoint endpoint, Hop hop, Hop next) {
        this.chain = chain;
        this.endpoint = endpoint;
        this.hop = hop;
        this.next = next;
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object event) throws Exception {
        if (!hop.isReady(event)) {
            ctx.fireUserEventTriggered(event);
            return;
        }
        if (requested) {
            return;
        }
        requested = true;
        RelayRequest request = new RelayRequest(CMD_CONNECT, hop.node().username(), hop.node().password(),
                next.node().relayAddress(), RelayRequest.NO_NETWORK);
        ByteBuf bytes = ctx.alloc().buffer(64);
        request.encode(bytes);
        ctx.writeAndFlush(bytes);
        chain.addHop(ctx.pipeline(), ctx.name(), next, endpoint);
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) throws Exception {
        if (connected || !(msg instanceof ByteBuf bytes)) {
            ctx.fireChannelRead(msg);
            return;
        }
        if (response == null) {
            response = ctx.alloc().buffer(HEADER_BYTES);
        }
        try {
            response.writeBytes(bytes);
        } finally {
            bytes.release();
        }
        int status = RelayRequest.decodeResponse(response);
        if (status < 0) {
            return;
        }
        if (status != STATUS_OK) {
            throw new RelayException(status, "relay server refused to connect to " + next.node().relayAddress()
                    + ": " + statusText(status));
        }
        connected = true;
        ByteBuf rest = response;
        response = null;
        if (rest.isReadable()) {
            ctx.fireChannelRead(rest);
        } else {
            rest.release();
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        endpoint.failed(ctx, hop, cause);
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        if (response != null) {
            response.release();
            response = null;
        }
    }
}
