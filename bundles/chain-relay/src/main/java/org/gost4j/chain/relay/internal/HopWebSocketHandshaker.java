package org.gost4j.chain.relay.internal;

import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.websocketx.WebSocketClientHandshaker13;
import io.netty.handler.codec.http.websocketx.WebSocketFrameDecoder;
import io.netty.handler.codec.http.websocketx.WebSocketFrameEncoder;
import io.netty.handler.codec.http.websocketx.WebSocketVersion;

/**
 * Netty's RFC 6455 client handshake (key, accept check, frame codecs) without its pipeline surgery, which
 * finds handlers by class and so cannot stack: a chain has one WebSocket layer per ws/wss hop in one pipeline,
 * and {@link WebSocketHopHandshake} swaps each hop's handlers by name.
 */
final class HopWebSocketHandshaker extends WebSocketClientHandshaker13 {

    HopWebSocketHandshaker(NodeSettings node) {
        super(node.webSocketUri(), WebSocketVersion.V13, null, false, new DefaultHttpHeaders(),
                WebSocketUpgradeHandler.MAX_FRAME_PAYLOAD, true, false);
    }

    /** The upgrade request; call once (it holds the key whose answer {@link #check} expects). */
    FullHttpRequest request() {
        return newHandshakeRequest();
    }

    /** @throws io.netty.handler.codec.http.websocketx.WebSocketClientHandshakeException if not a valid upgrade */
    void check(FullHttpResponse response) {
        verify(response);
    }

    WebSocketFrameDecoder decoder() {
        return newWebsocketDecoder();
    }

    WebSocketFrameEncoder encoder() {
        return newWebSocketEncoder();
    }
}
