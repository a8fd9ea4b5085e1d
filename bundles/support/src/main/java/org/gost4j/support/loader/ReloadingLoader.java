package org.gost4j.support.loader;

import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;

/**
 * Loads a set of {@link Source}s on its own thread, at start and then every {@code reload} period (GOST's
 * {@code reload}; zero loads once), and hands the lines of all sources, in their order, to a consumer whenever
 * they changed.
 *
 * <p>Faults never take data away: a source that fails (down, slow past its timeout, refusing) keeps the lines of
 * its last good load, and one that never loaded contributes nothing. A failure is counted each time and logged
 * once per change of the source's state (working → failing, failing → working), so a source that is down for a
 * day writes two lines, not one per period. Nothing here blocks the caller: a slow source at start delays only
 * the loaded entries, never the component.
 */
public final class ReloadingLoader implements AutoCloseable {

    /** GOST reloads at most once a second. */
    public static final Duration MIN_PERIOD = Duration.ofSeconds(1);
    private static final long STOP_MILLIS = 2_000;

    /** The lines one source gave last time it worked. */
    public record Loaded(Source source, List<String> lines) {
    }

    private static final Logger LOG = System.getLogger(ReloadingLoader.class.getName());

    private final String owner;
    private final List<SourceState> sources = new ArrayList<>();
    private final Duration period;
    private final Consumer<List<Loaded>> consumer;
    private final LongAdder refreshes = new LongAdder();
    private final LongAdder failures = new LongAdder();
    private final ScheduledExecutorService timer;

    /**
     * @param owner names the user in log lines, e.g. {@code auther a1}
     * @param consumer called on the loader's thread with every source's current lines after a round that changed
     *        any, and after the first round
     */
    public ReloadingLoader(String owner, List<Source> sources, Duration period, Consumer<List<Loaded>> consumer) {
        this.owner = owner;
        sources.forEach(source -> this.sources.add(new SourceState(source)));
        this.period = period.isZero() || period.isNegative() || period.compareTo(MIN_PERIOD) >= 0 ? period : MIN_PERIOD;
        this.consumer = consumer;
        ScheduledThreadPoolExecutor executor = new ScheduledThreadPoolExecutor(1, runnable -> {
            Thread thread = new Thread(runnable, "gost4j-" + owner.replace(' ', '-') + "-loader");
            thread.setDaemon(true);
            return thread;
        });
        executor.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
        this.timer = executor;
    }

    /** Starts loading now, then every period. */
    public void start() {
        if (period.isZero() || period.isNegative()) {
            timer.execute(this::refresh);
        } else {
            timer.scheduleWithFixedDelay(this::refresh, 0, period.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    /** One round: every source once, in order. Public for tests, which drive rounds without the timer. */
    public void refresh() {
        boolean changed = refreshes.sum() == 0;
        for (SourceState state : sources) {
            changed |= load(state);
        }
        refreshes.increment();
        if (changed) {
            List<Loaded> current = new ArrayList<>(sources.size());
            for (SourceState state : sources) {
                current.add(new Loaded(state.source, state.lastGood));
            }
            try {
                consumer.accept(current);
            } catch (RuntimeException e) {
                LOG.log(Level.ERROR, owner + ": applying loaded entries failed: " + e, e);
            }
        }
    }

    /** @return whether the source's lines changed */
    private boolean load(SourceState state) {
        List<String> lines;
        try {
            lines = List.copyOf(state.source.load());
        } catch (Exception | LinkageError e) { // IOException, a client library's runtime exception or its absence: the thread must go on
            failures.increment();
            String reason = e.getMessage() == null ? e.toString() : e.getMessage();
            if (state.failure == null) {
                LOG.log(Level.WARNING, owner + ": " + state.source.describe() + " failed: " + reason + "; "
                        + (state.everLoaded ? "its last " + state.lastGood.size() + " lines stay in force"
                                : "nothing loaded from it yet"));
            }
            state.failure = reason;
            return false;
        }
        if (state.failure != null) {
            LOG.log(Level.INFO, owner + ": " + state.source.describe() + " works again: " + lines.size() + " lines");
            state.failure = null;
        }
        state.everLoaded = true;
        boolean changed = !lines.equals(state.lastGood);
        state.lastGood = lines;
        return changed;
    }

    /** Completed rounds. */
    public long refreshes() {
        return refreshes.sum();
    }

    /** Source loads that failed, over all rounds and sources. */
    public long failures() {
        return failures.sum();
    }

    /** One line per source: what it is and whether its last load worked. */
    public String[] describeSources() {
        return sources.stream().map(state -> state.source.describe() + ": "
                + (state.failure != null ? "failing (" + state.failure + "), keeping " + state.lastGood.size() + " lines"
                        : state.everLoaded ? "ok, " + state.lastGood.size() + " lines" : "not loaded yet"))
                .toArray(String[]::new);
    }

    @Override
    public void close() {
        timer.shutdownNow();
        try {
            if (!timer.awaitTermination(STOP_MILLIS, TimeUnit.MILLISECONDS)) {
                LOG.log(Level.WARNING, owner + ": loader thread still busy after " + STOP_MILLIS + " ms");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Only the loader's thread writes; management reads the volatile fields. */
    private static final class SourceState {
        final Source source;
        volatile List<String> lastGood = List.of();
        volatile boolean everLoaded;
        volatile String failure;

        SourceState(Source source) {
            this.source = source;
        }
    }
}
