package org.gost4j.tunnel.internal;

import java.net.InetSocketAddress;

/** A client's UDP address as the server knows it. Replaced, not changed, when the client moves. */
final class Peer {

    final InetSocketAddress address;
    volatile long lastSeenMillis;

    Peer(InetSocketAddress address, long nowMillis) {
        this.address = address;
        this.lastSeenMillis = nowMillis;
    }
}
