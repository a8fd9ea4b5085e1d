package org.gost4j.chain.relay.internal;

import java.util.concurrent.atomic.LongAdder;

/** What a relay server counts; logged when it stops. */
final class RelayCounters {
    final LongAdder sessions = new LongAdder();
    final LongAdder refused = new LongAdder();
    final LongAdder datagramsToTarget = new LongAdder();
    final LongAdder datagramsToClient = new LongAdder();
    final LongAdder dropped = new LongAdder();

    @Override
    public String toString() {
        return sessions.sum() + " sessions, " + refused.sum() + " refused, " + datagramsToTarget.sum()
                + " datagrams to targets, " + datagramsToClient.sum() + " to clients, " + dropped.sum() + " dropped";
    }
}
