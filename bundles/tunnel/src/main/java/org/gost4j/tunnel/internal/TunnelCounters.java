package org.gost4j.tunnel.internal;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

/** Traffic and drop counters of one tunnel; updated on the packet path without allocation. */
final class TunnelCounters {

    final LongAdder packetsFromDevice = new LongAdder();
    final LongAdder bytesFromDevice = new LongAdder();
    final LongAdder packetsToDevice = new LongAdder();
    final LongAdder bytesToDevice = new LongAdder();
    final LongAdder packetsForwarded = new LongAdder();
    /** Devices that failed under the tunnel (each closed and replaced by a new one when it opened). */
    final LongAdder deviceFailures = new LongAdder();
    /** Every datagram received and sent, control messages included (GOST's listener counts the device side). */
    final LongAdder packetsFromNetwork = new LongAdder();
    final LongAdder bytesFromNetwork = new LongAdder();
    final LongAdder packetsToNetwork = new LongAdder();
    final LongAdder bytesToNetwork = new LongAdder();
    /** Stale peers removed from a full peer table to make room for a new one. */
    final LongAdder peersEvicted = new LongAdder();
    private final LongAdder[] drops = new LongAdder[DropReason.values().length];

    TunnelCounters() {
        for (int i = 0; i < drops.length; i++) {
            drops[i] = new LongAdder();
        }
    }

    void drop(DropReason reason) {
        drops[reason.ordinal()].increment();
    }

    void drop(DropReason reason, long packets) {
        drops[reason.ordinal()].add(packets);
    }

    long drops(DropReason reason) {
        return drops[reason.ordinal()].sum();
    }

    long dropsTotal() {
        long total = 0;
        for (LongAdder drop : drops) {
            total += drop.sum();
        }
        return total;
    }

    /** Every counter by name, drops as {@code drop.reason}: what a snapshot carries to the next engine. */
    Map<String, Long> values() {
        Map<String, Long> values = new LinkedHashMap<>();
        named().forEach((name, counter) -> values.put(name, counter.sum()));
        return values;
    }

    /** Adds saved values to the counters of the same name, so counting continues; unknown names are ignored. */
    void add(Map<String, Long> saved) {
        Map<String, LongAdder> named = named();
        saved.forEach((name, value) -> {
            LongAdder counter = named.get(name);
            if (counter != null && value > 0) {
                counter.add(value);
            }
        });
    }

    private Map<String, LongAdder> named() {
        Map<String, LongAdder> named = new LinkedHashMap<>();
        named.put("packetsFromDevice", packetsFromDevice);
        named.put("bytesFromDevice", bytesFromDevice);
        named.put("packetsToDevice", packetsToDevice);
        named.put("bytesToDevice", bytesToDevice);
        named.put("packetsForwarded", packetsForwarded);
        named.put("deviceFailures", deviceFailures);
        named.put("packetsFromNetwork", packetsFromNetwork);
        named.put("bytesFromNetwork", bytesFromNetwork);
        named.put("packetsToNetwork", packetsToNetwork);
        named.put("bytesToNetwork", bytesToNetwork);
        named.put("peersEvicted", peersEvicted);
        for (DropReason reason : DropReason.values()) {
            named.put("drop." + reason.name(), drops[reason.ordinal()]);
        }
        return named;
    }

    /** Non-zero drop counters as {@code reason=count}. */
    String[] dropSummary() {
        List<String> lines = new ArrayList<>();
        for (DropReason reason : DropReason.values()) {
            long count = drops(reason);
            if (count > 0) {
                lines.add(reason.name().toLowerCase(Locale.ROOT) + "=" + count);
            }
        }
        return lines.toArray(String[]::new);
    }
}
