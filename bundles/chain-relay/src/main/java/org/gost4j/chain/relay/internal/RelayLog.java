package org.gost4j.chain.relay.internal;

import java.lang.System.Logger.Level;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * The relay server's per-connection log lines, which remote peers trigger: each kind may log a burst of
 * {@link #BURST} lines, then one line per {@link #REFILL_SECONDS} s; lines left out are counted and the next
 * line of the kind says how many. Every event is counted in {@link RelayCounters} either way.
 */
final class RelayLog {

    static final int BURST = 10;
    static final long REFILL_SECONDS = 1;
    private static final System.Logger LOG = System.getLogger(RelayServer.class.getName());

    private final String relay;
    private final RelayCounters counters;
    private final LongSupplier nanoClock;
    private final Map<RelayEvent, long[]> buckets = new EnumMap<>(RelayEvent.class); // tokens, last refill, left out

    RelayLog(String relay, RelayCounters counters, LongSupplier nanoClock) {
        this.relay = relay;
        this.counters = counters;
        this.nanoClock = nanoClock;
        for (RelayEvent event : RelayEvent.values()) {
            buckets.put(event, new long[] {BURST, nanoClock.getAsLong(), 0});
        }
    }

    /** Counts the event and logs {@code relay NAME: PEER: KIND: DETAIL} if the kind's budget allows. */
    void log(RelayEvent event, Object peer, String detail) {
        counters.add(event);
        String line;
        synchronized (this) {
            long[] bucket = buckets.get(event);
            long now = nanoClock.getAsLong();
            long refills = (now - bucket[1]) / TimeUnit.SECONDS.toNanos(REFILL_SECONDS);
            if (refills > 0) {
                bucket[0] = Math.min(BURST, bucket[0] + refills);
                bucket[1] += refills * TimeUnit.SECONDS.toNanos(REFILL_SECONDS);
            }
            if (bucket[0] == 0) {
                bucket[2]++;
                return;
            }
            bucket[0]--;
            line = "relay " + relay + ": " + peer + ": " + event.text() + (detail.isEmpty() ? "" : ": " + detail)
                    + (bucket[2] == 0 ? "" : " (" + bucket[2] + " more not logged)");
            bucket[2] = 0;
        }
        LOG.log(Level.INFO, line);
    }
}
