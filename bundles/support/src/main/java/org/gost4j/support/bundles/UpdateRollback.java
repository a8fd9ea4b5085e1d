package org.gost4j.support.bundles;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleEvent;
import org.osgi.framework.BundleException;
import org.osgi.framework.SynchronousBundleListener;
import org.osgi.framework.startlevel.BundleStartLevel;
import org.osgi.framework.wiring.FrameworkWiring;

/**
 * Rollback for bundle updates made by anyone, e.g. FileInstall when a jar in {@code deploy/} is replaced: a running
 * watched bundle's content is copied when it stops, and if it was updated and is still meant to run (persistently
 * started: an operator's stop is not undone), the copy is put back and started, with one log line, as soon as the
 * new revision is found not to resolve ({@value #RESOLVE_CHECK_MILLIS} ms after the update, so a tunnel's packets
 * wait in the kernel's queues rather than for seconds), or if it is not running {@value #SETTLE_MILLIS} ms later
 * (it resolved but did not start). The copy is dropped once the bundle runs again. The management bundle uses it
 * for the other gost4j bundles; the launcher, which outlives every bundle, for the management bundle.
 */
public final class UpdateRollback implements SynchronousBundleListener, AutoCloseable {

    /** Time for the updater to refresh and start the new bundle (FileInstall does both at once). */
    public static final long SETTLE_MILLIS = 3_000;
    /** Time for the updater to install every jar it changed in one scan (one may need another), not to start them. */
    public static final long RESOLVE_CHECK_MILLIS = 250;
    private static final Logger LOG = System.getLogger(UpdateRollback.class.getName());

    private final BundleContext context;
    private final Predicate<Bundle> watched;
    /** Content of bundles that were running when they stopped, by bundle id, until they run again. */
    private final Map<Long, byte[]> lastRunning = new ConcurrentHashMap<>();
    private final ScheduledExecutorService checks = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "gost4j-update-rollback");
        thread.setDaemon(true);
        return thread;
    });

    /** Starts watching the bundles {@code watched} accepts (it is asked on the framework's event thread). */
    public UpdateRollback(BundleContext context, Predicate<Bundle> watched) {
        this.context = context;
        this.watched = watched;
        context.addBundleListener(this);
    }

    @Override
    public void close() {
        try {
            context.removeBundleListener(this);
        } catch (IllegalStateException frameworkGone) {
            // the listener went with the context
        }
        checks.shutdownNow();
        try {
            checks.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void bundleChanged(BundleEvent event) {
        Bundle bundle = event.getBundle();
        if (!watched.test(bundle)) {
            return;
        }
        switch (event.getType()) {
            case BundleEvent.STOPPING -> remember(bundle);
            case BundleEvent.STARTED, BundleEvent.UNINSTALLED -> lastRunning.remove(bundle.getBundleId());
            case BundleEvent.UPDATED -> {
                if (lastRunning.containsKey(bundle.getBundleId()) && !checks.isShutdown()) {
                    checks.schedule(() -> rollBackIfUnresolvable(bundle), RESOLVE_CHECK_MILLIS, TimeUnit.MILLISECONDS);
                    checks.schedule(() -> rollBackIfStopped(bundle), SETTLE_MILLIS, TimeUnit.MILLISECONDS);
                }
            }
            default -> {
                // nothing to do
            }
        }
    }

    private void remember(Bundle bundle) {
        if (context.getBundle(0).getState() == Bundle.STOPPING) {
            return; // the framework shuts down: nothing will be updated
        }
        try {
            lastRunning.put(bundle.getBundleId(), BundleContent.copyOf(bundle));
        } catch (IOException | RuntimeException e) {
            LOG.log(Level.DEBUG, "no rollback copy of " + bundle.getSymbolicName() + ": " + e);
        }
    }

    /** Resolving an installed revision is what the updater's refresh would do next; it changes nothing else. */
    private void rollBackIfUnresolvable(Bundle bundle) {
        if (bundle.getState() == Bundle.INSTALLED && meantToRun(bundle)
                && !context.getBundle(0).adapt(FrameworkWiring.class).resolveBundles(Set.of(bundle))) {
            rollBackIfStopped(bundle);
        }
    }

    /** Updated (it has a copy), installed and not stopped by an operator (whose stop, unlike an update's, persists). */
    private boolean meantToRun(Bundle bundle) {
        return lastRunning.containsKey(bundle.getBundleId()) && bundle.getState() != Bundle.UNINSTALLED
                && bundle.adapt(BundleStartLevel.class).isPersistentlyStarted();
    }

    private void rollBackIfStopped(Bundle bundle) {
        byte[] previous = lastRunning.get(bundle.getBundleId());
        if (previous == null || bundle.getState() == Bundle.ACTIVE || !meantToRun(bundle)) {
            return; // running (or rolled back already), gone, or stopped by an operator
        }
        String why;
        try {
            bundle.start(Bundle.START_TRANSIENT);
            return; // it starts after all
        } catch (BundleException | IllegalStateException e) {
            why = e.getMessage() == null ? e.toString() : e.getMessage().replaceAll("\\s+", " ");
        }
        try {
            bundle.update(new ByteArrayInputStream(previous));
            bundle.start(Bundle.START_TRANSIENT);
            LOG.log(Level.WARNING, bundle.getSymbolicName() + " did not start after its update (" + why
                    + "); the previous version runs again");
        } catch (BundleException | IllegalStateException e) {
            LOG.log(Level.ERROR, bundle.getSymbolicName() + " did not start after its update (" + why
                    + ") and the previous version could not be restored: " + e.getMessage());
        }
    }
}
