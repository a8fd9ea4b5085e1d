package org.gost4j.tunnel.internal;

/** What a tunnel's engine is doing, as its MBean reports it (in lower case). */
enum TunnelState {
    /** Created, threads not started yet. */
    STARTING,
    /** Moving packets. */
    UP,
    /** A client whose server fell silent: it reopened its socket and waits to hear from the server again. */
    RECONNECTING,
    /** The device failed (e.g. its interface was deleted) and no new one could be opened yet; retried with backoff. */
    FAILED
}
