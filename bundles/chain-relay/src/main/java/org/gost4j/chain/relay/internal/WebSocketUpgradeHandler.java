package org.gost4j.chain.relay.internal;

import java.nio.charset.StandardCharsets;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.handler.codec.http.websocketx.WebSocketServerHandshaker;
import io.netty.handler.codec.http.websocketx.WebSocketServerHandshakerFactory;

/**
 * Accepts a WebSocket upgrade on the configured path and then hands the connection to a relay session; any
 * other HTTP request gets a plain-text refusal and the connection is closed.
 */
final class WebSocketUpgradeHandler extends SimpleChannelInboundHandler<FullHttpRequest> {

    /** Largest WebSocket frame payload: a 64 KiB datagram with its length, plus headroom for the request. */
    static final int MAX_FRAME_PAYLOAD = 128 * 1024;

    private final RelayServer server;

    WebSocketUpgradeHandler(RelayServer server) {
        this.server = server;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest request) {
        if (request.decoderResult().isFailure()) {
            refuse(ctx, HttpResponseStatus.BAD_REQUEST, "not an HTTP request");
            return;
        }
        String path = new QueryStringDecoder(request.uri()).path();
        if (!path.equals(server.settings().path())) {
            refuse(ctx, HttpResponseStatus.NOT_FOUND, "no WebSocket endpoint at " + path);
            return;
        }
        if (request.method() != HttpMethod.GET
                || !request.headers().containsValue(HttpHeaderNames.UPGRADE, HttpHeaderValues.WEBSOCKET, true)) {
            refuse(ctx, HttpResponseStatus.BAD_REQUEST, "expected a WebSocket upgrade (GET with Upgrade: websocket)");
            return;
        }
        String scheme = server.settings().tls() ? "wss://" : "ws://";
        WebSocketServerHandshaker handshaker = new WebSocketServerHandshakerFactory(
                scheme + request.headers().get(HttpHeaderNames.HOST, "localhost") + path, null, false,
                MAX_FRAME_PAYLOAD).newHandshaker(request);
        if (handshaker == null) {
            WebSocketServerHandshakerFactory.sendUnsupportedVersionResponse(ctx.channel())
                    .addListener(ChannelFutureListener.CLOSE);
            server.log().log(RelayEvent.BAD_HTTP, ctx.channel().remoteAddress(), "unsupported WebSocket version");
            return;
        }
        handshaker.handshake(ctx.channel(), request);
        ctx.pipeline().addAfter(ctx.name(), "relay", new RelayServerSession(server));
        ctx.pipeline().addAfter(ctx.name(), "ws-stream", new WebSocketStream());
        ctx.pipeline().remove(this);
    }

    private void refuse(ChannelHandlerContext ctx, HttpResponseStatus status, String reason) {
        server.log().log(RelayEvent.BAD_HTTP, ctx.channel().remoteAddress(), reason);
        FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status,
                Unpooled.copiedBuffer(reason + "\n", StandardCharsets.UTF_8));
        response.headers().set(HttpHeaderNames.CONTENT_TYPE, "text/plain; charset=utf-8");
        response.headers().set(HttpHeaderNames.CONTENT_LENGTH, response.content().readableBytes());
        response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
        ctx.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        server.connectionError(ctx, cause);
    }
}
