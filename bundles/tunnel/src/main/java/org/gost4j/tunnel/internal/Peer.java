package org.gost4j.tunnel.internal;

import java.net.InetSocketAddress;
import java.util.concurrent.atomic.LongAdder;

/**
 * A client's UDP address as the server knows it, shared by all tunnel IPs registered from that address.
 * Replaced, not changed, when the client moves.
 */
final class Peer {

    final InetSocketAddress address;
    volatile long lastSeenMillis;
    /** The key field of the registration an auther accepted; null for a peer learned without an auther. */
    volatile byte[] acceptedKey;
    /** Data from this client (registrations not counted) and to it; made once per peer, never per packet. */
    final LongAdder packetsIn = new LongAdder();
    final LongAdder bytesIn = new LongAdder();
    final LongAdder packetsOut = new LongAdder();
    final LongAdder bytesOut = new LongAdder();
    /** How many tunnel IPs the peer table maps to this peer; under the table's lock. */
    int tunnelIps;

    Peer(InetSocketAddress address, long nowMillis) {
        this.address = address;
        this.lastSeenMillis = nowMillis;
    }
}
