package org.gost4j.chain.relay.internal;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.HashMap;
import java.util.Map;

import io.netty.channel.ChannelHandler.Sharable;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.AttributeKey;

/**
 * Bounds the connections a relay server serves at once, in all and per source address: one over either bound
 * is closed at once, before TLS, and counted. Handshaking connections count too, so neither idle sessions nor
 * unfinished handshakes can pile up.
 */
@Sharable
final class ConnectionGate extends ChannelInboundHandlerAdapter {

    private static final AttributeKey<InetAddress> ADMITTED = AttributeKey.valueOf("gost4j.relay.admitted");

    private final int max;
    private final int perSource;
    private final RelayLog log;
    private final Map<InetAddress, Integer> bySource = new HashMap<>();
    private int total;

    ConnectionGate(int max, int perSource, RelayLog log) {
        this.max = max;
        this.perSource = perSource;
        this.log = log;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        InetAddress source = ((InetSocketAddress) ctx.channel().remoteAddress()).getAddress();
        RelayEvent refusal = admit(source);
        if (refusal != null) {
            log.log(refusal, ctx.channel().remoteAddress(), refusal == RelayEvent.TOO_MANY ? "at most " + max
                    : "at most " + perSource + " from " + source.getHostAddress());
            ctx.close();
            return;
        }
        ctx.channel().attr(ADMITTED).set(source);
        ctx.fireChannelActive();
    }

    /** A connection closed at the gate was never active for the handlers behind it. */
    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        InetAddress source = ctx.channel().attr(ADMITTED).getAndSet(null);
        if (source != null) {
            release(source);
            ctx.fireChannelInactive();
        }
    }

    private synchronized RelayEvent admit(InetAddress source) {
        if (total >= max) {
            return RelayEvent.TOO_MANY;
        }
        int fromSource = bySource.getOrDefault(source, 0);
        if (fromSource >= perSource) {
            return RelayEvent.TOO_MANY_FROM_SOURCE;
        }
        bySource.put(source, fromSource + 1);
        total++;
        return null;
    }

    private synchronized void release(InetAddress source) {
        total--;
        bySource.computeIfPresent(source, (k, n) -> n == 1 ? null : n - 1);
    }

    synchronized int connections() {
        return total;
    }
}
