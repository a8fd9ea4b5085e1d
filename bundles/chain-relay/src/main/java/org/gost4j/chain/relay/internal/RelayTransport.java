package org.gost4j.chain.relay.internal;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * What carries the relay byte stream between a client and a relay server: TLS ({@code relay+tls}), WebSocket
 * ({@code relay+ws}) or WebSocket over TLS ({@code relay+wss}), as GOST's {@code tls}, {@code ws} and
 * {@code wss} dialers and listeners.
 */
enum RelayTransport {
    TLS("relay+tls", true, false),
    WS("relay+ws", false, true),
    WSS("relay+wss", true, true);

    private final String scheme;
    private final boolean tls;
    private final boolean websocket;

    RelayTransport(String scheme, boolean tls, boolean websocket) {
        this.scheme = scheme;
        this.tls = tls;
        this.websocket = websocket;
    }

    static RelayTransport of(boolean tls, boolean websocket) {
        return websocket ? (tls ? WSS : WS) : TLS;
    }

    /** @throws IllegalArgumentException naming the schemes that are supported */
    static RelayTransport ofScheme(String scheme) {
        String wanted = scheme == null ? "" : scheme.toLowerCase(Locale.ROOT);
        for (RelayTransport t : values()) {
            if (t.scheme.equals(wanted)) {
                return t;
            }
        }
        throw new IllegalArgumentException("scheme '" + wanted + "' is not supported (" + schemes() + ")");
    }

    static String schemes() {
        return Arrays.stream(values()).map(RelayTransport::scheme).collect(Collectors.joining(", "));
    }

    String scheme() {
        return scheme;
    }

    boolean tls() {
        return tls;
    }

    boolean websocket() {
        return websocket;
    }
}
