package org.gost4j.support.loader;

import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.util.HashSet;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Warns about an entry that cannot be used, once: a reload that finds the same bad entry again stays quiet, one
 * that no longer finds it forgets it (so it is reported again if it comes back). At most
 * {@value #MAX_WARNINGS_PER_ROUND} new warnings per round, then one line with the count of the others.
 */
public final class BadEntries {

    static final int MAX_WARNINGS_PER_ROUND = 20;

    private final Consumer<String> warn;
    private final String owner;
    private Set<String> previous = Set.of();
    private Set<String> current = new HashSet<>();
    private int reported;
    private int unreported;

    /** Warns through {@code log} at WARNING. */
    public BadEntries(Logger log, String owner) {
        this(owner, message -> log.log(Level.WARNING, message));
    }

    /** @param warn receives each warning line (tests collect them) */
    public BadEntries(String owner, Consumer<String> warn) {
        this.owner = owner;
        this.warn = warn;
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
            warn.accept(owner + ": skipped " + reason);
        } else {
            unreported++;
        }
    }

    /** Ends a round of parsing. */
    public void roundDone() {
        if (unreported > 0) {
            warn.accept(owner + ": skipped " + unreported + " more bad entries");
        }
        previous = current;
        current = new HashSet<>();
        reported = 0;
        unreported = 0;
    }
}
