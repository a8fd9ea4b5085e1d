package org.gost4j.support.log;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.lang.System.Logger.Level;
import java.util.ArrayList;
import java.util.List;
import java.util.ResourceBundle;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.Test;

public class RateLimitedLogTest {

    private enum Kind { REGISTERED, REFUSED }

    private final List<String> lines = new ArrayList<>();
    private final AtomicLong now = new AtomicLong();
    private final RateLimitedLog<Kind> log = new RateLimitedLog<>(new ListLogger(lines), "t: ", Kind.class, 3,
            TimeUnit.SECONDS.toNanos(1), now::get);

    @Test
    public void eachKindLogsABurstThenOneLinePerRefillAndSaysWhatItLeftOut() {
        AtomicInteger built = new AtomicInteger();
        for (int i = 0; i < 100; i++) {
            int n = i;
            log.log(Kind.REGISTERED, Level.INFO, () -> "line " + n + " built " + built.incrementAndGet());
        }
        assertEquals(List.of("t: line 0 built 1", "t: line 1 built 2", "t: line 2 built 3"), lines);
        assertEquals("left-out lines are not even built", 3, built.get());

        log.log(Kind.REFUSED, Level.WARNING, () -> "other kind");
        assertEquals("a flood of one kind does not silence another", "t: other kind", lines.get(3));

        now.addAndGet(TimeUnit.SECONDS.toNanos(1));
        log.log(Kind.REGISTERED, Level.INFO, () -> "after a second");
        assertEquals("t: after a second (97 more 'registered' lines not logged)", lines.get(4));
    }

    @Test
    public void onThePacketPathACallerAsksFirstAndBuildsOnlyTheLinesLetThrough() {
        int admitted = 0;
        for (int i = 0; i < 100; i++) {
            if (log.admit(Kind.REFUSED)) {
                admitted++;
                log.write(Kind.REFUSED, Level.WARNING, "refused " + i);
            }
        }
        assertEquals(3, admitted);
        assertEquals(List.of("t: refused 0", "t: refused 1", "t: refused 2"), lines);

        now.addAndGet(TimeUnit.SECONDS.toNanos(1));
        assertTrue(log.admit(Kind.REFUSED));
        log.write(Kind.REFUSED, Level.WARNING, "after a second");
        assertEquals("t: after a second (97 more 'refused' lines not logged)", lines.get(3));
        lines.clear();
        log.flush();
        assertTrue("the left-out lines were reported once", lines.isEmpty());
    }

    @Test
    public void flushSummarisesWhatAFloodThatStoppedLeftOut() {
        for (int i = 0; i < 10; i++) {
            log.log(Kind.REFUSED, Level.WARNING, () -> "refused");
        }
        lines.clear();
        log.flush();
        assertEquals(List.of("t: 7 'refused' lines not logged (rate limit)"), lines);
        lines.clear();
        log.flush();
        assertTrue("nothing left out since", lines.isEmpty());
    }

    /** Collects the formatted lines. */
    private record ListLogger(List<String> lines) implements System.Logger {
        @Override
        public String getName() {
            return "test";
        }

        @Override
        public boolean isLoggable(Level level) {
            return true;
        }

        @Override
        public void log(Level level, ResourceBundle bundle, String message, Throwable thrown) {
            lines.add(message);
        }

        @Override
        public void log(Level level, ResourceBundle bundle, String format, Object... params) {
            lines.add(format);
        }
    }
}
