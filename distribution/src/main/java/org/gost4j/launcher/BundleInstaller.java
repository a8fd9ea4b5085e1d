package org.gost4j.launcher;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleException;
import org.osgi.framework.Constants;
import org.osgi.framework.namespace.NativeNamespace;
import org.osgi.framework.startlevel.BundleStartLevel;
import org.osgi.framework.wiring.BundleCapability;
import org.osgi.framework.wiring.BundleRequirement;
import org.osgi.framework.wiring.BundleRevision;

/** Installs the appliance's bundles from {@code bundle/} into a framework that is initialised but not started. */
final class BundleInstaller {

    /** SCR, ConfigAdmin, FileInstall and libraries: running before any component of ours. */
    static final int RUNTIME_START_LEVEL = 10;

    /** Our bundles, so their components find ConfigAdmin and SCR up. */
    static final int APPLICATION_START_LEVEL = 80;

    /**
     * Management (JMX, Jolokia) and metrics: after the tunnels, which come up without them (their MBeans and meters
     * are picked up when these start), so that an appliance's tunnels do not wait for an HTTP server to start.
     */
    static final int OBSERVER_START_LEVEL = 90;

    private static final Set<String> OBSERVERS = Set.of(Appliance.MANAGEMENT, "org.gost4j.metrics");

    private static final String OUR_PREFIX = "org.gost4j.";

    private BundleInstaller() {
    }

    /**
     * Installs every jar and marks it to start at its start level once the framework starts. A bundle made for
     * another operating system (an {@code osgi.native} requirement this system does not meet, like the macOS
     * and Windows device drivers on Linux) is installed but not started, so it stays quietly unresolved
     * instead of failing to start with an error.
     */
    static void installAll(BundleContext context, Path directory) throws IOException, BundleException {
        List<Path> jars;
        try (Stream<Path> files = Files.list(directory)) {
            jars = files.filter(f -> f.getFileName().toString().endsWith(".jar")).sorted().toList();
        }
        for (Path jar : jars) {
            Bundle bundle = context.installBundle(jar.toUri().toString());
            bundle.adapt(BundleStartLevel.class).setStartLevel(startLevel(bundle.getSymbolicName()));
            if (bundle.getHeaders().get(Constants.FRAGMENT_HOST) == null && forThisSystem(context, bundle)) {
                bundle.start();
            }
        }
    }

    static int startLevel(String symbolicName) {
        if (symbolicName == null || !symbolicName.startsWith(OUR_PREFIX)) {
            return RUNTIME_START_LEVEL;
        }
        return OBSERVERS.contains(symbolicName) ? OBSERVER_START_LEVEL : APPLICATION_START_LEVEL;
    }

    /** Whether every {@code osgi.native} requirement of the bundle matches the framework's native capability. */
    static boolean forThisSystem(BundleContext context, Bundle bundle) {
        List<BundleCapability> system = context.getBundle(Constants.SYSTEM_BUNDLE_ID).adapt(BundleRevision.class)
                .getDeclaredCapabilities(NativeNamespace.NATIVE_NAMESPACE);
        for (BundleRequirement requirement : bundle.adapt(BundleRevision.class)
                .getDeclaredRequirements(NativeNamespace.NATIVE_NAMESPACE)) {
            if (system.stream().noneMatch(requirement::matches)) {
                return false;
            }
        }
        return true;
    }
}
