package org.gost4j.management.internal.bundles;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarInputStream;
import java.util.jar.Manifest;

import javax.management.MBeanException;

import org.gost4j.api.management.ManagedObjects;
import org.gost4j.support.bundles.BundleContent;
import org.gost4j.support.management.Failures;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleException;
import org.osgi.framework.Constants;
import org.osgi.framework.FrameworkEvent;
import org.osgi.framework.wiring.FrameworkWiring;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;

/**
 * Updates any bundle of the framework in place ({@code Bundle.update}) from a URL, with rollback: before the update
 * the bundle's current content is copied out of the framework (its own entries, not its fragments'), and if the new
 * content does not resolve or start, that copy is put back and started. The error is logged once and returned in
 * one line. A tunnel whose bundle is updated hands its device, socket and peers to the next one, so it keeps
 * running; one that fails to come back takes them up again with the restored version.
 *
 * <p>The management bundle itself cannot be updated on the request's thread: the update stops the Jolokia endpoint
 * that runs the request (stopping it interrupts and waits for its requests), so it could neither answer nor roll
 * back. Where the appliance's launcher watches this bundle's updates (framework property {@value #SELF_UPDATE_WATCHED}),
 * the new jar is checked, the answer says the update follows, and a thread of its own updates the bundle half a
 * second later; the launcher puts the previous version back if the new one does not start. Elsewhere (Karaf,
 * Equinox) it is refused: replace its jar in {@code deploy/}.
 */
@Component(service = BundlesMBean.class, immediate = true, property = {
        ManagedObjects.TYPE_PROPERTY + "=" + BundleUpdates.TYPE, ManagedObjects.NAME_PROPERTY + "=bundles"})
public final class BundleUpdates implements BundlesMBean {

    static final String TYPE = "framework";
    /** No gost4j bundle is near this; a larger download is refused rather than held in memory. */
    static final int MAX_JAR_BYTES = 64 << 20;
    private static final Set<String> SCHEMES = Set.of("file", "http", "https");
    private static final long REFRESH_SECONDS = 30;
    /** Set to {@code true} by the appliance's launcher, which rolls back a failed update of this bundle. */
    static final String SELF_UPDATE_WATCHED = "gost4j.management.update.watched";
    /** Time for the answer to reach the caller before the update stops the endpoint. */
    static final long SELF_UPDATE_DELAY_MILLIS = 500;
    private static final Logger LOG = System.getLogger(BundleUpdates.class.getName());

    private final BundleContext context;
    /** Guarded by this: an update of this bundle is on its way (this component goes with it). */
    private boolean updatingSelf;

    @Activate
    public BundleUpdates(BundleContext context) {
        this.context = context;
    }

    @Override
    public String[] getBundles() {
        return Arrays.stream(context.getBundles())
                .map(b -> b.getBundleId() + " " + b.getSymbolicName() + " " + b.getVersion() + " " + state(b))
                .toArray(String[]::new);
    }

    @Override
    public synchronized String updateBundle(String bundle, String url) throws MBeanException {
        Bundle target = find(bundle == null ? "" : bundle.trim());
        String what = target.getSymbolicName() + " " + target.getVersion();
        byte[] fresh = download(url);
        checkSameBundle(target, fresh);
        if (target.equals(context.getBundle())) {
            return updateSelfLater(target, url, fresh);
        }
        byte[] previous;
        try {
            previous = BundleContent.copyOf(target);
        } catch (IOException | RuntimeException e) {
            throw Failures.of(what + " not updated: its current content cannot be copied for a rollback (" + e + ")");
        }
        boolean wasActive = target.getState() == Bundle.ACTIVE;
        String failure = install(target, fresh, wasActive);
        if (failure == null) {
            String done = target.getSymbolicName() + " updated from " + url + " to version " + target.getVersion()
                    + " (" + state(target) + ")";
            LOG.log(Level.INFO, done);
            return done;
        }
        String restored = install(target, previous, wasActive);
        String message = what + " not updated from " + url + ": " + failure + (restored == null
                ? "; the previous version runs again" : "; restoring the previous version failed too: " + restored);
        LOG.log(Level.WARNING, message);
        throw Failures.of(message);
    }

    /**
     * Updates this bundle from a thread of its own once the answer is on its way; the thread ends with the update
     * (which stops this bundle, and starts the new version or, failing that, leaves it to the launcher's rollback).
     */
    private String updateSelfLater(Bundle self, String url, byte[] fresh) throws MBeanException {
        if (updatingSelf) {
            throw Failures.of(self.getSymbolicName() + " is being updated already");
        }
        updatingSelf = true;
        Thread updater = new Thread(() -> {
            try {
                Thread.sleep(SELF_UPDATE_DELAY_MILLIS);
                self.update(new ByteArrayInputStream(fresh));
            } catch (BundleException | IllegalStateException e) {
                // a new version that did not start is the launcher's to roll back and report, once
                LOG.log(self.getState() == Bundle.ACTIVE ? Level.WARNING : Level.DEBUG, self.getSymbolicName()
                        + " not updated from " + url + ": " + oneLine(e.getMessage() == null ? e.toString()
                        : e.getMessage()));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "gost4j-management-update");
        updater.setDaemon(true);
        // not this revision's class loader, which the update closes: the framework and SCR look up services with it
        updater.setContextClassLoader(null);
        updater.start();
        String answer = self.getSymbolicName() + " is being updated from " + url
                + ": this endpoint stops and answers again within seconds (a new version that does not start is"
                + " replaced by the running one)";
        LOG.log(Level.INFO, answer);
        return answer;
    }

    /**
     * Stops {@code target}, updates it with {@code content}, lets the old revision go and starts it again if it ran:
     * one stop and one start, with its fragments (JNI libraries) attached to the new revision before it starts.
     *
     * @return null, else why it failed
     */
    private String install(Bundle target, byte[] content, boolean start) {
        try {
            if (start) {
                target.stop(Bundle.STOP_TRANSIENT);
            }
            target.update(new ByteArrayInputStream(content));
            refreshIfPending(target);
            if (start) {
                target.start(Bundle.START_TRANSIENT);
            }
            return null;
        } catch (BundleException | IllegalStateException | SecurityException e) {
            return oneLine(e.getMessage() == null ? e.toString() : e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted";
        }
    }

    /**
     * Lets the old revision go where something still used it (bundles wired to its packages are refreshed with
     * it); a bundle nothing imports from is replaced at once by the update itself.
     */
    private void refreshIfPending(Bundle target) throws InterruptedException {
        FrameworkWiring wiring = context.getBundle(Constants.SYSTEM_BUNDLE_LOCATION).adapt(FrameworkWiring.class);
        if (!wiring.getRemovalPendingBundles().contains(target)) {
            return;
        }
        CountDownLatch refreshed = new CountDownLatch(1);
        wiring.refreshBundles(List.of(target), event -> {
            if (event.getType() == FrameworkEvent.PACKAGES_REFRESHED || event.getType() == FrameworkEvent.ERROR) {
                refreshed.countDown();
            }
        });
        refreshed.await(REFRESH_SECONDS, TimeUnit.SECONDS);
    }

    private Bundle find(String name) throws MBeanException {
        if (name.isEmpty()) {
            throw Failures.of("name a bundle: its symbolic name (org.gost4j.tunnel, or tunnel) or Bundle-Name");
        }
        for (Bundle candidate : context.getBundles()) {
            String bsn = candidate.getSymbolicName();
            if (name.equals(bsn) || ("org.gost4j." + name).equals(bsn)
                    || name.equalsIgnoreCase(candidate.getHeaders().get(Constants.BUNDLE_NAME))) {
                if (candidate.getBundleId() == 0) {
                    throw Failures.of("the framework itself cannot be updated in place: restart the appliance");
                }
                if (candidate.equals(context.getBundle())
                        && !Boolean.parseBoolean(context.getProperty(SELF_UPDATE_WATCHED))) {
                    throw Failures.of(bsn + " serves this request and cannot update itself here: replace its jar in"
                            + " deploy/");
                }
                return candidate;
            }
        }
        throw Failures.of("no bundle named '" + name + "' (see the Bundles attribute)");
    }

    private static byte[] download(String url) throws MBeanException {
        URI uri;
        try {
            uri = new URI(url == null ? "" : url.trim());
        } catch (URISyntaxException e) {
            throw Failures.of("'" + url + "' is not a URL: " + e.getReason());
        }
        if (uri.getScheme() == null || !SCHEMES.contains(uri.getScheme().toLowerCase(java.util.Locale.ROOT))) {
            throw Failures.of("'" + url + "': give a file:, http: or https: URL of the new jar");
        }
        try (InputStream in = uri.toURL().openStream()) {
            byte[] bytes = in.readNBytes(MAX_JAR_BYTES + 1);
            if (bytes.length > MAX_JAR_BYTES) {
                throw Failures.of(url + " is larger than " + MAX_JAR_BYTES + " bytes");
            }
            return bytes;
        } catch (IOException | IllegalArgumentException e) {
            throw Failures.of(url + " cannot be read: " + e.getMessage());
        }
    }

    /** The new jar must be the same bundle: another symbolic name would turn this bundle into another one. */
    private static void checkSameBundle(Bundle target, byte[] jar) throws MBeanException {
        Manifest manifest;
        try (JarInputStream in = new JarInputStream(new ByteArrayInputStream(jar))) {
            manifest = in.getManifest();
        } catch (IOException e) {
            throw Failures.of("the new content is not a jar: " + e.getMessage());
        }
        String bsn = manifest == null ? null : manifest.getMainAttributes().getValue(Constants.BUNDLE_SYMBOLICNAME);
        String name = bsn == null ? null : bsn.split(";", 2)[0].trim();
        if (!target.getSymbolicName().equals(name)) {
            throw Failures.of("the new jar is " + (name == null ? "no bundle" : "bundle " + name) + ", not "
                    + target.getSymbolicName());
        }
    }

    private static String oneLine(String text) {
        String line = text.replaceAll("\\s+", " ").trim();
        return line.length() > 400 ? line.substring(0, 400) + "..." : line;
    }

    private static String state(Bundle bundle) {
        return switch (bundle.getState()) {
            case Bundle.ACTIVE -> "active";
            case Bundle.RESOLVED -> "resolved";
            case Bundle.INSTALLED -> "installed";
            case Bundle.STARTING -> "starting";
            case Bundle.STOPPING -> "stopping";
            default -> "uninstalled";
        };
    }
}
