package org.gost4j.chain.relay.internal;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;

/**
 * Bytes from a TCP target go to the relay client as they are; while the client's connection is full the
 * target is not read (and the client is not read while the target is full: see the session).
 */
final class TcpToStream extends ChannelInboundHandlerAdapter {

    private final Channel client;
    private final RelayServerSession session;

    TcpToStream(Channel client, RelayServerSession session) {
        this.client = client;
        this.session = session;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        session.touch();
        client.write(msg, client.voidPromise());
        if (!client.isWritable()) {
            ctx.channel().config().setAutoRead(false); // the session turns it back on once the client drains
        }
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        client.flush();
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        if (ctx.channel().isWritable()) {
            client.config().setAutoRead(true);
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        ChannelHandlerContext relay = client.pipeline().context(RelayServerSession.class);
        if (relay != null) {
            session.targetClosed(relay);
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        ctx.close(); // a reset by the target: the client's connection ends with it
    }
}
