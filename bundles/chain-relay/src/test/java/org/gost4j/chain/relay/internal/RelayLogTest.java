package org.gost4j.chain.relay.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.gost4j.support.log.RateLimitedLog;
import org.gost4j.support.testing.LogCapture;
import org.junit.Test;

public class RelayLogTest {

    @Test
    public void aFloodOfOneKindLogsABurstThenOneLinePerSecondAndCountsEverything() throws Exception {
        AtomicLong clock = new AtomicLong();
        RelayCounters counters = new RelayCounters();
        RelayLog log = new RelayLog("test", counters, clock::get);
        try (LogCapture captured = new LogCapture(RelayServer.class)) {
            for (int i = 0; i < 1000; i++) {
                log.log(RelayEvent.UNAUTHORIZED, "/10.0.0." + (i % 250) + ":" + (40000 + i), "wrong password");
            }
            assertEquals(RateLimitedLog.BURST, captured.lines.size());
            log.log(RelayEvent.FORBIDDEN, "/10.0.0.1:1", "udp 127.0.0.1:22"); // another kind has its own budget
            assertEquals(RateLimitedLog.BURST + 1, captured.lines.size());
            clock.addAndGet(TimeUnit.SECONDS.toNanos(1));
            log.log(RelayEvent.UNAUTHORIZED, "/10.0.0.1:1", "wrong password");
            String last = captured.lines.get(captured.lines.size() - 1);
            assertTrue(last, last.endsWith("(" + (1000 - RateLimitedLog.BURST) + " more 'unauthorized' lines not logged)"));
        }
        assertEquals(1001, counters.sum(RelayEvent.UNAUTHORIZED));
        assertEquals(1002, counters.refused());
    }
}
