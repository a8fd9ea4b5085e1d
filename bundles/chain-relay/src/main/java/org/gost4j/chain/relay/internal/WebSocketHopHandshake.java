package org.gost4j.chain.relay.internal;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.websocketx.WebSocketClientHandshakeException;

/**
 * The client side of one ws/wss hop's WebSocket upgrade. Sends the upgrade request as soon as its hop can
 * carry bytes (TLS queues it until its own handshake is done); on the server's 101 it replaces the hop's HTTP
 * handlers by the WebSocket frame codecs and a {@link WebSocketStream}, as Netty's own client does, and tells
 * the hop's relay handler with {@link Hop#WEBSOCKET_UP}.
 */
final class WebSocketHopHandshake extends SimpleChannelInboundHandler<FullHttpResponse> {

    private static final int MAX_HTTP_RESPONSE = 16 * 1024;

    private final Hop hop;
    private final HopWebSocketHandshaker handshaker;
    private boolean sent;

    private WebSocketHopHandshake(Hop hop) {
        this.hop = hop;
        this.handshaker = new HopWebSocketHandshaker(hop.node());
    }

    /** Adds the hop's HTTP codec, aggregator and this handshake after {@code after} (null: at the end). */
    static String addTo(ChannelPipeline p, String after, Hop hop) {
        String http = hop.name("http");
        String aggregate = hop.name("http-aggregate");
        String handshake = hop.name("ws-handshake");
        Pipelines.add(p, after, http, new HttpClientCodec());
        p.addAfter(http, aggregate, new HttpObjectAggregator(MAX_HTTP_RESPONSE));
        p.addAfter(aggregate, handshake, new WebSocketHopHandshake(hop));
        return handshake;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        if (ctx.channel().isActive()) {
            send(ctx);
        }
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        send(ctx);
        ctx.fireChannelActive();
    }

    private void send(ChannelHandlerContext ctx) {
        if (!sent) {
            sent = true;
            ctx.writeAndFlush(handshaker.request());
        }
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, FullHttpResponse response) {
        if (!response.status().equals(HttpResponseStatus.SWITCHING_PROTOCOLS)) {
            throw new WebSocketClientHandshakeException("WebSocket upgrade refused: HTTP " + response.status()
                    + reason(response));
        }
        handshaker.check(response);
        ChannelPipeline p = ctx.pipeline();
        String http = hop.name("http");
        HttpClientCodec codec = (HttpClientCodec) p.get(http);
        p.remove(hop.name("http-aggregate"));
        codec.removeOutboundHandler();
        // bytes after the 101 leave the codec raw, so the frame decoder goes right after it
        p.addAfter(http, hop.name("ws-decoder"), handshaker.decoder());
        p.addAfter(hop.name("ws-decoder"), hop.name("ws-encoder"), handshaker.encoder());
        p.replace(this, hop.name("ws-stream"), new WebSocketStream());
        ctx.channel().eventLoop().execute(() -> {
            if (p.context(codec) != null) { // gone with the connection otherwise
                p.remove(codec);
            }
        });
        p.context(hop.name("ws-stream")).fireUserEventTriggered(Hop.WEBSOCKET_UP);
    }

    /** The first line of a refusal's body (our relay server says why there), if it is short text. */
    private static String reason(FullHttpResponse response) {
        String body = response.content().toString(java.nio.charset.StandardCharsets.UTF_8).strip();
        int newline = body.indexOf('\n');
        String line = newline < 0 ? body : body.substring(0, newline);
        return line.isEmpty() || line.length() > 200 || !line.chars().allMatch(c -> c >= 0x20 && c < 0x7f) ? ""
                : " (" + line + ")";
    }
}
