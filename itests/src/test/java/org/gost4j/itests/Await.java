package org.gost4j.itests;

import java.time.Duration;

/**
 * The tests' polling waits: {@link #until} fails naming what it waited for, {@link #holds} says whether the
 * condition came true in time (for a caller that asserts with its own message). Also inside the Pax Exam and
 * Karaf containers (it is in the probe).
 */
final class Await {

    private static final long POLL_MILLIS = 100;

    /** A condition that may throw while it does not hold yet (a service not registered, a file not written). */
    interface Condition {
        boolean holds() throws Exception;
    }

    private Await() {
    }

    /** Polls {@code condition} until it holds; fails with "{@code what}: not within {@code within}" otherwise. */
    static void until(Duration within, String what, Condition condition) throws Exception {
        if (!holds(within, condition)) {
            throw new AssertionError(what + ": not within " + within);
        }
    }

    /** Polls {@code condition} until it holds (true) or {@code within} has passed (false). */
    static boolean holds(Duration within, Condition condition) throws Exception {
        long deadline = System.nanoTime() + within.toNanos();
        while (!condition.holds()) {
            if (System.nanoTime() - deadline > 0) {
                return false;
            }
            Thread.sleep(POLL_MILLIS);
        }
        return true;
    }
}
