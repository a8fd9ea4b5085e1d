package org.gost4j.support.loader;

import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.util.HashSet;
import java.util.Set;

/**
 * Warns about an entry that cannot be used, once: a reload that finds the same bad entry again stays quiet, one
 * that no longer finds it forgets it (so it is reported again if it comes back). At most
 * {@value #MAX_WARNINGS_PER_ROUND} new warnings per round, then one line with the count of the others.
 */
public final class BadEntries {

    static final int MAX_WARNINGS_PER_ROUND = 20;

    private final Logger log;
    private final String owner;
    private Set<String> previous = Set.of();
    private Set<String> current = new HashSet<>();
    private int reported;
    private int unreported;

    public BadEntries(Logger log, String owner) {
        this.log = log;
        this.owner = owner;
    }

    /**
     * @param entry identifies the entry (its source and its text without secrets)
     * @param reason what is wrong, naming the entry, never a password
     */
    public void skip(String entry, String reason) {
        if (!current.add(entry) || previous.contains(entry)) {
            return;
        }
        if (reported < MAX_WARNINGS_PER_ROUND) {
            reported++;
            log.log(Level.WARNING, owner + ": skipped " + reason);
        } else {
            unreported++;
        }
    }

    /** Ends a round of parsing. */
    public void roundDone() {
        if (unreported > 0) {
            log.log(Level.WARNING, owner + ": skipped " + unreported + " more bad entries");
        }
        previous = current;
        current = new HashSet<>();
        reported = 0;
        unreported = 0;
    }
}
