package org.gost4j.launcher;

import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.ServiceLoader;

import org.gost4j.support.bundles.UpdateRollback;
import org.osgi.framework.FrameworkEvent;
import org.osgi.framework.launch.Framework;
import org.osgi.framework.launch.FrameworkFactory;

/** Runs Felix with the appliance's bundles until the framework stops or the JVM is asked to exit. */
final class Appliance {

    /** The bundle whose failed update the launcher rolls back: it rolls back the others', but not its own. */
    static final String MANAGEMENT = "org.gost4j.management";
    /** How long a shutdown waits for components to close their devices. */
    private static final long STOP_TIMEOUT_MILLIS = 30_000;

    private static final Logger LOG = System.getLogger(Appliance.class.getName());

    private final Path home;
    private final DataDirectory data;

    Appliance(Path home, DataDirectory data) {
        this.home = home;
        this.data = data;
    }

    /** Blocks until the framework has stopped. */
    void run(String[] args) throws Exception {
        // JNA unpacks its native library here instead of a shared ~/.cache; the bundle's copy, never the system's.
        System.setProperty("jna.tmpdir", data.tmp().toString());
        System.setProperty("jna.nosys", "true");

        FrameworkFactory factory = ServiceLoader.load(FrameworkFactory.class).findFirst()
                .orElseThrow(() -> new IllegalStateException("no OSGi framework on the classpath"));
        Framework framework = factory.newFramework(FrameworkProperties.of(home, data.path(), args));
        // Registered first so that a failed start or a SIGTERM during startup also cleans up.
        Runtime.getRuntime().addShutdownHook(new Thread(() -> stop(framework), "gost4j-shutdown"));
        framework.init();
        try (UpdateRollback managementRollback = new UpdateRollback(framework.getBundleContext(),
                bundle -> MANAGEMENT.equals(bundle.getSymbolicName()))) {
            BundleInstaller.installAll(framework.getBundleContext(), home.resolve("bundle"));
            framework.start();
            LOG.log(Level.INFO, "gost4j started in {0} ms", ManagementFactory.getRuntimeMXBean().getUptime());
            framework.waitForStop(0);
        }
    }

    private void stop(Framework framework) {
        try {
            framework.stop();
            if (framework.waitForStop(STOP_TIMEOUT_MILLIS).getType() == FrameworkEvent.WAIT_TIMEDOUT) {
                LOG.log(Level.WARNING, "Framework did not stop within {0} ms", STOP_TIMEOUT_MILLIS);
            }
            data.deleteIfTemporary();
            LOG.log(Level.INFO, "gost4j stopped");
        } catch (Exception e) {
            LOG.log(Level.ERROR, "Shutdown failed", e);
        }
    }
}
