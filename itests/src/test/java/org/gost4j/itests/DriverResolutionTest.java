package org.gost4j.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;
import static org.ops4j.pax.exam.CoreOptions.bundle;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.CopyOnWriteArrayList;

import javax.inject.Inject;

import org.gost4j.api.device.DeviceDriver;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.FrameworkEvent;
import org.osgi.framework.FrameworkListener;
import org.osgi.framework.ServiceReference;
import org.osgi.framework.wiring.FrameworkWiring;

/**
 * Every device driver bundle in one Felix on Linux: only the Linux and the emulated driver resolve and
 * register; the macOS and Windows drivers stay INSTALLED (their {@code osgi.native} requirement does not
 * match) and installing and resolving them reports no error. The test installs them itself, without
 * starting them, as the launcher does with bundles for another operating system (Pax Exam's own provisioning
 * would complain about any unresolved bundle).
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class DriverResolutionTest {

    @Inject
    private BundleContext context;

    @Configuration
    public Option[] config() {
        return PaxOptions.felix("paxexam-drivers").ours("api", "jna", "device-linux", "device-emulated").toArray();
    }

    @Test
    public void onlyTheLinuxAndEmulatedDriversResolveHere() throws Exception {
        Assume.linux();
        Map<String, Bundle> bundles = new TreeMap<>();
        for (Bundle b : context.getBundles()) {
            bundles.put(b.getSymbolicName(), b);
        }
        List<FrameworkEvent> errors = new CopyOnWriteArrayList<>();
        FrameworkListener listener = event -> {
            if (event.getType() == FrameworkEvent.ERROR) {
                errors.add(event);
            }
        };
        context.addFrameworkListener(listener);
        try {
            Bundle darwin = context.installBundle(PaxOptions.reactorJar("device-darwin").toUri().toString());
            Bundle windows = context.installBundle(PaxOptions.reactorJar("device-windows").toUri().toString());
            boolean resolved = context.getBundle(0).adapt(FrameworkWiring.class).resolveBundles(List.of(darwin, windows));
            assertFalse("the macOS and Windows drivers resolved on Linux", resolved);
            assertEquals(Bundle.INSTALLED, darwin.getState());
            assertEquals(Bundle.INSTALLED, windows.getState());
            darwin.uninstall();
            windows.uninstall();
        } finally {
            context.removeFrameworkListener(listener);
        }
        assertTrue("framework errors while resolving: " + errors, errors.isEmpty());

        assertEquals(Bundle.ACTIVE, bundles.get("org.gost4j.device.linux").getState());
        assertEquals(Bundle.ACTIVE, bundles.get("org.gost4j.device.emulated").getState());
        TreeSet<String> drivers = new TreeSet<>();
        for (ServiceReference<DeviceDriver> ref : context.getServiceReferences(DeviceDriver.class, null)) {
            drivers.add(String.valueOf(ref.getProperty(DeviceDriver.DRIVER_PROPERTY)));
        }
        assertEquals("[emulated, linux]", drivers.toString());
    }

    /** The test is about Linux; elsewhere another driver resolves instead. */
    private static final class Assume {
        static void linux() {
            org.junit.Assume.assumeTrue(System.getProperty("os.name").toLowerCase().contains("linux"));
        }
    }
}
