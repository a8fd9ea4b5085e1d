package org.gost4j.chain.relay.internal;

import java.net.ConnectException;

import javax.net.ssl.SSLException;

import io.netty.handler.codec.http.websocketx.WebSocketHandshakeException;

/** One line saying why a connection failed, for a log line; never a stack trace. */
final class Failures {

    private Failures() {
    }

    static String describe(Throwable failure) {
        Throwable root = failure;
        while (root.getCause() != null && !known(root)) {
            root = root.getCause();
        }
        String message = root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
        if (root instanceof SSLException) {
            return "TLS: " + message;
        }
        return known(root) ? message : root.toString();
    }

    private static boolean known(Throwable t) {
        return t instanceof RelayException || t instanceof SSLException || t instanceof ConnectException
                || t instanceof WebSocketHandshakeException;
    }
}
