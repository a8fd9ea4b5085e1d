package org.gost4j.tunnel.internal;

/** Why a datagram or device packet was not forwarded. */
enum DropReason {
    /**
     * Neither IPv4, IPv6 nor a valid control message, or an inconsistent IP header; for TAP, a frame whose source
     * MAC is a group or all-zero address.
     */
    MALFORMED,
    /** Shorter than its IP header says, or than an Ethernet header. */
    TRUNCATED,
    /** Longer than the tunnel's buffer size, or a TAP frame whose payload exceeds the MTU. */
    OVERSIZED,
    /** A control message that is malformed or claims one of the server's own addresses. */
    BAD_CONTROL,
    /** From a UDP address that is not the client's server. */
    UNKNOWN_SENDER,
    /** A new peer could not be recorded: the peer table is full of peers heard from within a keepalive period. */
    PEER_TABLE_FULL,
    /** A new peer could not be recorded: its UDP address or source host owns as many tunnel IPs as it may. */
    PEER_SOURCE_LIMIT,
    /** A frame from a new source MAC could not be learned: the TAP server's MAC table is full. */
    MAC_TABLE_FULL,
    /** A registration the auther refused (wrong passphrase for one of its IPs). */
    AUTH_FAILED,
    /** A registration beyond those already waiting for an auther's later answer (an external service). */
    AUTH_BUSY,
    /** A new or changed registration while the configured auther is absent (fail closed). */
    AUTHER_ABSENT,
    /** Data from a UDP address without an accepted registration, while an auther is configured. */
    UNAUTHENTICATED,
    /** No peer owns the destination. */
    NO_ROUTE,
    /** The UDP send failed. */
    SEND_FAILED,
    /** The device write failed. */
    DEVICE_WRITE_FAILED,
    /** For the device while it had failed and no new one was open yet. */
    DEVICE_FAILED,
    /** The UDP receive failed (e.g. ICMP port unreachable reported on a connected socket). */
    RECEIVE_FAILED
}
