package org.gost4j.itests;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.LongAdder;

/**
 * What an attacker process did, counted per {@code kind.outcome} (e.g. {@code relay-wrong-password.refused}), and
 * the answers that granted an attacker something it must not get ({@link #breach}), with the first few described.
 * {@link #print()} writes {@code key=count} lines that {@link #parse} reads back in the test.
 */
final class AbuseTally {

    static final String BREACHES = "breaches";
    private static final int SAMPLES = 10;

    private final Map<String, LongAdder> counts = new ConcurrentHashMap<>();
    private final List<String> samples = new CopyOnWriteArrayList<>();

    void count(String kind, String outcome) {
        counts.computeIfAbsent(kind + "." + outcome, k -> new LongAdder()).increment();
    }

    /** An answer that let the attacker in: never expected. */
    void breach(String kind, String what) {
        count(kind, "BREACH");
        counts.computeIfAbsent(BREACHES, k -> new LongAdder()).increment();
        if (samples.size() < SAMPLES) {
            samples.add(kind + ": " + what.replace('\n', ' '));
        }
    }

    synchronized void print() {
        new TreeMap<>(counts).forEach((key, n) -> System.out.println(key + "=" + n.sum()));
        samples.forEach(s -> System.out.println("breach: " + s));
    }

    /** The {@code key=count} lines of {@link #print()}'s output. */
    static Map<String, Long> parse(String output) {
        Map<String, Long> parsed = new TreeMap<>();
        for (String line : output.split("\n")) {
            int eq = line.indexOf('=');
            if (eq > 0 && line.substring(eq + 1).strip().matches("\\d+")) {
                parsed.put(line.substring(0, eq).strip(), Long.parseLong(line.substring(eq + 1).strip()));
            }
        }
        return parsed;
    }
}
