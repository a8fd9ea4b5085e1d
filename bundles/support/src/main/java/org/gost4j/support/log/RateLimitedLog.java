package org.gost4j.support.log;

import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * Log lines that a remote peer can trigger, limited per kind whatever the peer varies: each kind may log a burst
 * of {@code burst} lines, then one more per {@code refillSeconds}. Lines left out are counted; the next line of
 * the kind says how many, and {@link #flush()} (called by a periodic thread) logs one summary line per kind that
 * left lines out, so a flood that stops is still reported. A left-out line costs no string building; on the packet
 * path, where the lambda a message captures would be allocated for every line, {@link #admit} then {@link #write}
 * make a left-out line cost no allocation at all.
 *
 * @param <K> the kinds of line, each with its own budget
 */
public final class RateLimitedLog<K extends Enum<K>> {

    /** Lines a kind may log at once. */
    public static final int BURST = 20;
    /** After the burst, one line per this many seconds. */
    public static final long REFILL_SECONDS = 1;

    private final Logger log;
    private final String prefix;
    private final LongSupplier nanoClock;
    private final long refillNanos;
    private final int burst;
    private final K[] kinds;
    /**
     * Per kind: tokens left, time of the last refill, lines left out since the last line or summary, and lines left
     * out before an admitted line that is still to be written.
     */
    private final long[] tokens;
    private final long[] refilledAt;
    private final long[] leftOut;
    private final long[] leftOutBeforeAdmitted;

    public RateLimitedLog(Logger log, String prefix, Class<K> kinds) {
        this(log, prefix, kinds, BURST, TimeUnit.SECONDS.toNanos(REFILL_SECONDS), System::nanoTime);
    }

    public RateLimitedLog(Logger log, String prefix, Class<K> kinds, int burst, long refillNanos,
            LongSupplier nanoClock) {
        this.log = log;
        this.prefix = prefix;
        this.kinds = kinds.getEnumConstants();
        this.burst = burst;
        this.refillNanos = refillNanos;
        this.nanoClock = nanoClock;
        this.tokens = new long[this.kinds.length];
        this.refilledAt = new long[this.kinds.length];
        this.leftOut = new long[this.kinds.length];
        this.leftOutBeforeAdmitted = new long[this.kinds.length];
        long now = nanoClock.getAsLong();
        for (int i = 0; i < this.kinds.length; i++) {
            tokens[i] = burst;
            refilledAt[i] = now;
        }
    }

    /** Logs {@code prefix + message} at {@code level} if the kind's budget allows, else counts it as left out. */
    public void log(K kind, Level level, Supplier<String> message) {
        if (admit(kind)) {
            write(kind, level, message.get());
        }
    }

    /**
     * Takes a line from the kind's budget, or counts the line as left out. A caller that is let through builds its
     * message and hands it to {@link #write}.
     *
     * @return whether the line is to be written
     */
    public synchronized boolean admit(K kind) {
        int i = kind.ordinal();
        refill(i);
        if (tokens[i] == 0) {
            leftOut[i]++;
            return false;
        }
        tokens[i]--;
        leftOutBeforeAdmitted[i] += leftOut[i];
        leftOut[i] = 0;
        return true;
    }

    /** Logs {@code prefix + message}, a line {@link #admit} let through, with how many of its kind were left out. */
    public void write(K kind, Level level, String message) {
        long skipped;
        synchronized (this) {
            skipped = leftOutBeforeAdmitted[kind.ordinal()];
            leftOutBeforeAdmitted[kind.ordinal()] = 0;
        }
        log.log(level, prefix + message + (skipped == 0 ? "" : " (" + skipped + " more " + name(kind)
                + " lines not logged)"));
    }

    /** One line per kind that left lines out since its last line: how many. */
    public void flush() {
        for (K kind : kinds) {
            long skipped;
            synchronized (this) {
                skipped = leftOut[kind.ordinal()];
                leftOut[kind.ordinal()] = 0;
            }
            if (skipped > 0) {
                log.log(Level.WARNING, prefix + skipped + " " + name(kind) + " lines not logged (rate limit)");
            }
        }
    }

    private void refill(int i) {
        long refills = (nanoClock.getAsLong() - refilledAt[i]) / refillNanos;
        if (refills > 0) {
            tokens[i] = Math.min(burst, tokens[i] + refills);
            refilledAt[i] += refills * refillNanos;
        }
    }

    private static String name(Enum<?> kind) {
        return "'" + kind.name().toLowerCase(java.util.Locale.ROOT).replace('_', ' ') + "'";
    }
}
