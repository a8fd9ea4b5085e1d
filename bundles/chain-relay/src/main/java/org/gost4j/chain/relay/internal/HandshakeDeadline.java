package org.gost4j.chain.relay.internal;

import java.lang.System.Logger.Level;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;

/** Closes a connection that has not finished TLS, WebSocket and relay request in time; removed once it has. */
final class HandshakeDeadline extends ChannelInboundHandlerAdapter {

    private static final System.Logger LOG = System.getLogger(HandshakeDeadline.class.getName());

    private final long millis;
    private ScheduledFuture<?> timeout;

    HandshakeDeadline(long millis) {
        this.millis = millis;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        timeout = ctx.executor().schedule(() -> {
            LOG.log(Level.INFO, "relay: closing " + ctx.channel().remoteAddress() + ": no relay request within "
                    + millis + " ms");
            ctx.close();
        }, millis, TimeUnit.MILLISECONDS);
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        timeout.cancel(false);
    }
}
