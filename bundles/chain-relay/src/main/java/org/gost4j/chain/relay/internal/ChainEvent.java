package org.gost4j.chain.relay.internal;

/**
 * The kinds of a chain's log lines that the far end can trigger as often as it likes (a relay, or whoever can reset
 * its connections, accepting sessions and dropping them), each with its own budget in the chain's
 * {@link org.gost4j.support.log.RateLimitedLog}.
 */
enum ChainEvent {
    /** A relay session is up again after it was reported down. */
    SESSION_UP,
    /** A relay session went down (reported once until the next success). */
    SESSION_DOWN
}
