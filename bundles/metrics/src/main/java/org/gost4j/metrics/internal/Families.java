package org.gost4j.metrics.internal;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import io.prometheus.metrics.model.snapshots.CounterSnapshot.CounterDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot.GaugeDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;

/**
 * Collects one scrape's data points by metric family, then builds the Prometheus client's snapshots (which the
 * client's writer turns into the text format). Counter names are given without {@code _total}: the writer adds it.
 */
final class Families {

    private record Family(String help, boolean counter, List<Object> points) {
    }

    private final Map<String, Family> families = new LinkedHashMap<>();

    /** @param labels built once for all the data points that share them (the client checks and sorts each set) */
    void counter(String name, String help, double value, Labels labels) {
        family(name, help, true).points().add(CounterDataPointSnapshot.builder().value(value).labels(labels).build());
    }

    void gauge(String name, String help, double value, Labels labels) {
        family(name, help, false).points().add(GaugeDataPointSnapshot.builder().value(value).labels(labels).build());
    }

    /** Declares a family even if no data point follows, so a scrape always shows it with its help. */
    void declare(String name, String help, boolean counter) {
        family(name, help, counter);
    }

    private Family family(String name, String help, boolean counter) {
        return families.computeIfAbsent(name, n -> new Family(help, counter, new ArrayList<>()));
    }

    MetricSnapshots snapshots() {
        MetricSnapshots.Builder all = MetricSnapshots.builder();
        families.forEach((name, family) -> {
            if (family.counter()) {
                CounterSnapshot.Builder builder = CounterSnapshot.builder().name(name).help(family.help());
                family.points().forEach(point -> builder.dataPoint((CounterDataPointSnapshot) point));
                all.metricSnapshot(builder.build());
            } else {
                GaugeSnapshot.Builder builder = GaugeSnapshot.builder().name(name).help(family.help());
                family.points().forEach(point -> builder.dataPoint((GaugeDataPointSnapshot) point));
                all.metricSnapshot(builder.build());
            }
        });
        return all.build();
    }
}
