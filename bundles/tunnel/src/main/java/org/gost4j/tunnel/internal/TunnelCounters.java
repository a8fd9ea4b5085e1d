package org.gost4j.tunnel.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
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
