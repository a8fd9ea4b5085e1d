package org.gost4j.tunnel.internal;

/**
 * The kinds of log line that traffic from the network can trigger; each has its own budget in the tunnel's
 * {@link org.gost4j.support.log.RateLimitedLog}, so a flood of one kind neither fills the log nor hides another.
 */
enum TunnelEvent {
    /** A client registered a tunnel IP (or moved it to a new UDP address). */
    CLIENT_REGISTERED,
    /** A registration the auther refused. */
    CLIENT_REFUSED,
    /** A client silent for three ttl was removed. */
    CLIENT_EXPIRED,
    /** A stale client was removed to make room in a full peer table. */
    CLIENT_EVICTED,
    /** A registration or a bare peer not recorded: table full, or too many tunnel IPs from one source. */
    PEER_LIMIT,
    /** A new client became the p2p peer. */
    P2P_PEER,
    /** A registration refused because the configured auther is absent. */
    AUTHER_ABSENT,
    /** A frame from a new MAC not learned: the TAP server's MAC table is full. */
    MAC_TABLE_FULL,
    /** Waiting on, or writing to, the device failed. */
    DEVICE_ERROR,
    /** Sending to the network failed. */
    NETWORK_ERROR
}
