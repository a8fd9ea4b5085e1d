package org.gost4j.chain.relay.internal;

import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

/** What a relay server counts; logged when it stops. */
final class RelayCounters {
    final LongAdder datagramsToTarget = new LongAdder();
    final LongAdder datagramsToClient = new LongAdder();
    final LongAdder dropped = new LongAdder();
    private final Map<RelayEvent, LongAdder> events = new EnumMap<>(RelayEvent.class);

    RelayCounters() {
        for (RelayEvent event : RelayEvent.values()) {
            events.put(event, new LongAdder());
        }
    }

    void add(RelayEvent event) {
        events.get(event).increment();
    }

    long sum(RelayEvent... kinds) {
        long sum = 0;
        for (RelayEvent kind : kinds) {
            sum += events.get(kind).sum();
        }
        return sum;
    }

    long sessions() {
        return sum(RelayEvent.SESSION_UP);
    }

    long refused() {
        return events.entrySet().stream().filter(e -> e.getKey().refusal()).mapToLong(e -> e.getValue().sum()).sum();
    }

    @Override
    public String toString() {
        StringBuilder refusals = new StringBuilder();
        events.forEach((event, count) -> {
            if (event.refusal() && count.sum() > 0) {
                refusals.append(refusals.length() == 0 ? " (" : ", ").append(event.name().toLowerCase())
                        .append('=').append(count.sum());
            }
        });
        return sessions() + " sessions, " + sum(RelayEvent.IDLE) + " closed idle, " + refused() + " refused"
                + (refusals.length() == 0 ? "" : refusals + ")") + ", " + datagramsToTarget.sum()
                + " datagrams to targets, " + datagramsToClient.sum() + " to clients, " + dropped.sum() + " dropped";
    }
}
