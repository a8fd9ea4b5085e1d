package org.gost4j.chain.relay.internal;

import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;

/** Closes a connection that has not finished TLS, WebSocket and relay request in time; removed once it has. */
final class HandshakeDeadline extends ChannelInboundHandlerAdapter {

    private final long millis;
    private final RelayLog log;
    private ScheduledFuture<?> timeout;

    HandshakeDeadline(long millis, RelayLog log) {
        this.millis = millis;
        this.log = log;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        timeout = ctx.executor().schedule(() -> {
            log.log(RelayEvent.HANDSHAKE_TIMEOUT, ctx.channel().remoteAddress(), "no relay request within "
                    + millis + " ms");
            ctx.close();
        }, millis, TimeUnit.MILLISECONDS);
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        timeout.cancel(false);
    }
}
