package org.gost4j.chain.relay.internal;

import java.lang.System.Logger.Level;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

import org.gost4j.support.log.RateLimitedLog;

/**
 * The relay server's per-connection log lines, which remote peers trigger: every event is counted in
 * {@link RelayCounters}, and its line goes through a {@link RateLimitedLog} with a budget per kind of event.
 */
final class RelayLog {

    private static final System.Logger LOG = System.getLogger(RelayServer.class.getName());

    private final RelayCounters counters;
    private final RateLimitedLog<RelayEvent> lines;

    RelayLog(String relay, RelayCounters counters, LongSupplier nanoClock) {
        this.counters = counters;
        this.lines = new RateLimitedLog<>(LOG, "relay " + relay + ": ", RelayEvent.class, RateLimitedLog.BURST,
                TimeUnit.SECONDS.toNanos(RateLimitedLog.REFILL_SECONDS), nanoClock);
    }

    /** Counts the event and logs {@code relay NAME: PEER: KIND: DETAIL} if the kind's budget allows. */
    void log(RelayEvent event, Object peer, String detail) {
        counters.add(event);
        lines.log(event, Level.INFO, () -> peer + ": " + event.text() + (detail.isEmpty() ? "" : ": " + detail));
    }

    /** Says how many lines of each kind were left out since; called periodically and at the end. */
    void flush() {
        lines.flush();
    }
}
