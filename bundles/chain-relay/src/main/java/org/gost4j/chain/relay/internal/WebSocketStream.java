package org.gost4j.chain.relay.internal;

import java.util.List;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.MessageToMessageCodec;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.ContinuationWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PingWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PongWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;

/**
 * The relay byte stream over WebSocket: binary messages in become plain bytes, bytes out become binary
 * messages (other frames, such as pings and closes, pass as they are); pings are answered and a close is
 * echoed, then the connection closes. The handlers above see one byte stream whatever carries it.
 */
final class WebSocketStream extends MessageToMessageCodec<WebSocketFrame, ByteBuf> {

    /** Fired to the handlers above when the peer closes, with its status and reason. */
    record PeerClose(int status, String reason) {
    }

    @Override
    protected void encode(ChannelHandlerContext ctx, ByteBuf bytes, List<Object> out) {
        out.add(new BinaryWebSocketFrame(bytes.retain()));
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, WebSocketFrame frame, List<Object> out) throws Exception {
        if (frame instanceof BinaryWebSocketFrame || frame instanceof ContinuationWebSocketFrame) {
            out.add(frame.content().retain());
        } else if (frame instanceof PingWebSocketFrame) {
            ctx.writeAndFlush(new PongWebSocketFrame(frame.content().retain()));
        } else if (frame instanceof CloseWebSocketFrame close) {
            ctx.fireUserEventTriggered(new PeerClose(close.statusCode(), close.reasonText()));
            ctx.writeAndFlush(frame.retain()).addListener(ChannelFutureListener.CLOSE);
        } else if (!(frame instanceof PongWebSocketFrame)) {
            throw new RelayException(RelayProtocol.STATUS_BAD_REQUEST, "text WebSocket messages are not relay data");
        }
    }
}
