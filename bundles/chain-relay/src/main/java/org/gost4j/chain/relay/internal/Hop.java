package org.gost4j.chain.relay.internal;

import javax.net.ssl.SSLException;

import io.netty.handler.ssl.SslHandshakeCompletionEvent;

/**
 * One node of a chain in its place: hop {@code index} (0-based) of {@code count}. Each hop has its handlers
 * in the pipeline, named by {@link #name}, and a relay handler last that reads the hop's readiness and takes
 * the blame for what fails below it.
 */
record Hop(int index, int count, NodeSettings node) {

    /** Fired by a hop's WebSocket layer to its relay handler once the upgrade is done. */
    static final Object WEBSOCKET_UP = new Object() {
        @Override
        public String toString() {
            return "WebSocket up";
        }
    };

    boolean last() {
        return index == count - 1;
    }

    String name(String handler) {
        return handler + "-" + index;
    }

    /**
     * What an event means to the hop's relay handler: true when the hop's transport is up (TLS handshake done
     * on a TLS-only hop, WebSocket upgrade done on a ws/wss hop).
     *
     * @throws SSLException when the event reports a failed TLS handshake
     */
    boolean isReady(Object event) throws SSLException {
        if (event instanceof SslHandshakeCompletionEvent tls) {
            if (!tls.isSuccess()) {
                throw tls.cause() instanceof SSLException ssl ? ssl : new SSLException(tls.cause());
            }
            return !node.websocket();
        }
        return event == WEBSOCKET_UP;
    }

    /** {@code relay+tls://host:port} for a one-node chain, {@code hop 2/3 relay+wss://...} otherwise. */
    @Override
    public String toString() {
        return (count == 1 ? "" : "hop " + (index + 1) + "/" + count + " ") + node;
    }
}
