package org.gost4j.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;
import static org.ops4j.pax.exam.CoreOptions.propagateSystemProperties;
import static org.ops4j.pax.exam.CoreOptions.systemProperty;
import static org.ops4j.pax.exam.CoreOptions.vmOption;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.configureConsole;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.editConfigurationFilePut;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.karafDistributionConfiguration;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.logLevel;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import javax.inject.Inject;
import javax.management.MBeanServer;
import javax.management.ObjectName;

import org.apache.karaf.features.FeaturesService;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.karaf.options.LogLevelOption.LogLevel;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleEvent;
import org.osgi.framework.BundleListener;
import org.osgi.framework.BundleReference;
import org.osgi.framework.Constants;
import org.osgi.framework.FrameworkEvent;
import org.osgi.framework.ServiceReference;
import org.osgi.framework.wiring.BundleWire;
import org.osgi.framework.wiring.BundleWiring;
import org.osgi.framework.wiring.FrameworkWiring;
import org.osgi.framework.namespace.HostNamespace;

/**
 * gost4j in a stock Apache Karaf (the real distribution, through Pax Exam's Karaf container), as a Karaf user
 * would install and run it: {@code feature:repo-add} of our features repository and {@code feature:install
 * gost4j} (no bundle refreshed, none left unresolved, Karaf's own SCR, ConfigAdmin and FileInstall reused, the
 * Linux driver and the JNI fragments chosen); a tunnel from a GOST YAML file named by a system property; tunnels
 * from {@code etc/gost4j.tunnel-NAME.cfg} carrying pings both ways with standalone appliances in another namespace, Karaf as client and as server; the MBeans in Karaf's
 * MBeanServer and through Karaf's own jolokia feature; installing, refreshing and uninstalling other features
 * without bouncing the tunnels; an auther changed over JMX saved back to its file in {@code etc/}; deleting a
 * {@code .cfg} removing its device; {@code feature:uninstall gost4j} releasing every device, socket, thread and
 * MBean. Karaf's JVM runs in this test's network namespace (src/test/netns/bin/java) and installs only from our
 * staged repository, the staged Karaf features and its own system/ folder: never ~/.m2, never the network.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class KarafEmbeddingTest {

    private static final String MVN_CFG = "etc/org.ops4j.pax.url.mvn.cfg";
    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final String TUNNEL_MBEAN = "org.gost4j.api.tunnel.TunnelMBean";

    @Inject
    private FeaturesService features;

    @Inject
    private BundleContext context;

    @Configuration
    public Option[] config() {
        // Pax Exam pipes this JVM's stdin into Karaf's (PAXEXAM-920), where it would swallow Surefire's commands to
        // this fork, its exit acknowledgement among them (the fork then idles until killed): Karaf gets none
        System.setIn(new ByteArrayInputStream(new byte[0]));
        String karafVersion = System.getProperty("gost4j.karaf.version", "4.4.10");
        Path distribution = Path.of(System.getProperty("gost4j.karaf.distribution",
                "target/karaf/apache-karaf-" + karafVersion + ".tar.gz")).toAbsolutePath();
        String ours = Path.of(System.getProperty("gost4j.features.repository", "../features/target/repository"))
                .toAbsolutePath().normalize().toUri().toString();
        String karafFeatures = Path.of(System.getProperty("gost4j.karaf.repository", "target/karaf-repository"))
                .toAbsolutePath().toUri().toString();
        List<Option> options = new ArrayList<>(List.of(
                karafDistributionConfiguration().frameworkUrl(distribution.toUri().toString())
                        .name("Apache Karaf").karafVersion(karafVersion)
                        .unpackDirectory(Path.of("target", "karaf-exam").toAbsolutePath().toFile())
                        .useDeployFolder(false),
                configureConsole().ignoreLocalConsole().ignoreRemoteShell(),
                logLevel(LogLevel.INFO),
                // Karaf's system/ folder, our features and bundles, the Karaf features the test installs: nothing else
                editConfigurationFilePut(MVN_CFG, "org.ops4j.pax.url.mvn.defaultRepositories",
                        "file:${karaf.home}/${karaf.default.repository}@id=system.repository@snapshots,"
                                + ours + "@id=gost4j@snapshots," + karafFeatures + "@id=karaf-features@snapshots"),
                editConfigurationFilePut(MVN_CFG, "org.ops4j.pax.url.mvn.repositories", ""),
                editConfigurationFilePut(MVN_CFG, "org.ops4j.pax.url.mvn.localRepository",
                        Path.of("target", "karaf-m2").toAbsolutePath().toString()),
                // a user for Karaf's jolokia (JAAS realm karaf); stock Karaf 4.4 ships none
                editConfigurationFilePut("etc/users.properties", "karaf", "karaf,_g_:admingroup"),
                editConfigurationFilePut("etc/users.properties", "_g_:admingroup",
                        "group,admin,manager,viewer,systembundles,ssh"),
                // a GOST YAML file for gost4j-config, as the README tells Karaf users to set it (etc/system.properties)
                systemProperty("gost4j.config.file").value(Path.of("target", "karaf-gost.yaml").toAbsolutePath().toString()),
                propagateSystemProperties("gost4j.root", "gost4j.home", "gost4j.version", "gost4j.itests.work",
                        "gost4j.jni.classifier")));
        // what bin/karaf passes to a Java 9+ JVM
        for (String vm : List.of("--add-reads=java.xml=java.logging",
                "--add-exports=java.base/org.apache.karaf.specs.locator=java.xml,ALL-UNNAMED",
                "--patch-module", "java.base=lib/endorsed/org.apache.karaf.specs.locator-" + karafVersion + ".jar",
                "--patch-module", "java.xml=lib/endorsed/org.apache.karaf.specs.java.xml-" + karafVersion + ".jar",
                "--add-opens", "java.base/java.security=ALL-UNNAMED", "--add-opens", "java.base/java.net=ALL-UNNAMED",
                "--add-opens", "java.base/java.lang=ALL-UNNAMED", "--add-opens", "java.base/java.util=ALL-UNNAMED",
                "--add-opens", "java.naming/javax.naming.spi=ALL-UNNAMED",
                "--add-opens", "java.rmi/sun.rmi.transport.tcp=ALL-UNNAMED",
                "--add-exports=java.base/sun.net.www.protocol.file=ALL-UNNAMED",
                "--add-exports=java.base/sun.net.www.protocol.http=ALL-UNNAMED",
                "--add-exports=java.base/sun.net.www.protocol.https=ALL-UNNAMED",
                "--add-exports=java.base/sun.net.www.protocol.jar=ALL-UNNAMED",
                "--add-exports=java.base/sun.net.www.content.text=ALL-UNNAMED",
                "--add-exports=jdk.naming.rmi/com.sun.jndi.url.rmi=ALL-UNNAMED",
                "--add-exports=java.rmi/sun.rmi.registry=ALL-UNNAMED")) {
            options.add(vmOption(vm));
        }
        return options.toArray(Option[]::new);
    }

    @Test(timeout = 300_000)
    public void gost4jInAStockKaraf() throws Exception {
        Path etc = Path.of(System.getProperty("karaf.etc"));
        try (EmbeddedLab lab = EmbeddedLab.open(); LogCapture log = LogCapture.of("org.gost4j")) {
            // ---- feature:repo-add, feature:install gost4j
            Set<Long> before = bundleIds();
            List<String> refreshed = new CopyOnWriteArrayList<>();
            BundleListener refreshes = event -> {
                if (event.getType() == BundleEvent.UNRESOLVED) {
                    refreshed.add(event.getBundle().getSymbolicName() + " (" + event.getBundle().getBundleId() + ")");
                }
            };
            context.addBundleListener(refreshes);
            Path yaml = Path.of(System.getProperty("gost4j.config.file"));
            Files.write(yaml, List.of("services:", "- name: ky", "  addr: :8423", "  handler:", "    type: tun",
                    "  listener:", "    type: tun", "    metadata:", "      net: 192.168.125.1/24", "      name: g4jky"));
            long t0 = System.nanoTime();
            features.addRepository(URI.create("mvn:org.gost4j/gost4j-features/" + TestEnv.version() + "/xml/features"));
            features.installFeature("gost4j");
            metric("feature:install gost4j", millisSince(t0) + " ms");
            assertTrue("bundles refreshed by feature:install gost4j: " + refreshed, refreshed.isEmpty());
            assertEverythingResolved();
            assertKarafRuntimeReused(before);
            assertOsDriverWithJniFragments();

            // ---- the GOST YAML file named by the system property gost4j.config.file
            lab.awaitDeviceHere("g4jky", WAIT);

            // ---- Karaf as client (etc/gost4j.tunnel-kc.cfg) of an appliance's server, pings both ways
            lab.appliance("-L", "tun://:8421?net=192.168.123.1/24&name=tun0");
            writeCfg(etc.resolve("gost4j.tunnel-kc.cfg"), "name = kc", "type = tun", "listen = :0",
                    "remote = " + lab.appAddress() + ":8421", "net = 192.168.123.2/24", "device.name = g4jkc",
                    "keepalive = true");
            lab.awaitDeviceHere("g4jkc", WAIT);
            lab.assertPingsBothWays("192.168.123.2", "192.168.123.1");
            EmbeddedLab.assertCallsThroughJni(log, "g4jkc", "kc");

            // ---- Karaf as server (etc/gost4j.tunnel-ks.cfg) of an appliance's client, pings both ways
            writeCfg(etc.resolve("gost4j.tunnel-ks.cfg"), "name = ks", "type = tun", "listen = :8422",
                    "net = 192.168.124.1/24", "device.name = g4jks");
            lab.awaitDeviceHere("g4jks", WAIT);
            lab.appliance("-L", "tun://:0/" + lab.hereAddress() + ":8422?net=192.168.124.2/24&name=tun1&keepalive=true");
            lab.assertPingsBothWays("192.168.124.1", "192.168.124.2");

            // ---- the MBeans, in Karaf's MBeanServer
            MBeanServer karafJmx = context.getService(context.getServiceReference(MBeanServer.class));
            Await.until(WAIT, "the MBeans of service kc and device g4jks in Karaf's MBeanServer",
                    () -> karafJmx.isRegistered(name("gost4j:type=service,name=kc"))
                            && karafJmx.isRegistered(name("gost4j:type=device,name=g4jks")));
            assertEquals("client", karafJmx.getAttribute(name("gost4j:type=service,name=kc"), "Mode"));
            assertEquals("server", karafJmx.getAttribute(name("gost4j:type=service,name=ks"), "Mode"));
            metric("gost4j MBeans in Karaf's MBeanServer", karafJmx.queryNames(name("gost4j:*"), null));

            // ---- other features come and go: Karaf's jolokia sees our MBeans; no tunnel bounces
            Tunnels running = new Tunnels(lab, "kc", "g4jkc", "ks", "g4jks");
            refreshed.clear();
            t0 = System.nanoTime();
            features.installFeatures(Set.of("http", "jolokia"), EnumSet.noneOf(FeaturesService.Option.class));
            metric("feature:install http jolokia", millisSince(t0) + " ms");
            String read = jolokiaRead("gost4j:type=service,name=kc/Mode");
            assertTrue("Karaf's jolokia does not read our MBean: " + read, read.contains("\"value\":\"client\"")
                    && read.contains("\"status\":200"));
            refreshBundle(bundle("org.jolokia.osgi"));
            // Jolokia back before its features go: uninstalled while it re-registered its servlet, Pax Web's runtime
            // once failed its own stop ("Service already unregistered", a CI run of 2026-12-06)
            read = jolokiaRead("gost4j:type=service,name=kc/Mode");
            assertTrue("Karaf's jolokia does not read our MBean after its refresh: " + read,
                    read.contains("\"value\":\"client\""));
            features.uninstallFeatures(Set.of("jolokia", "http"), EnumSet.noneOf(FeaturesService.Option.class));
            assertTrue("gost4j bundles refreshed while other features came and went: " + refreshed,
                    refreshed.stream().noneMatch(b -> b.startsWith("org.gost4j")));
            running.assertNotBounced();
            lab.assertPingsBothWays("192.168.123.2", "192.168.123.1");

            // ---- an auther changed over JMX: Karaf's FileInstall writes the change back to etc/ (enableConfigSave)
            Path autherCfg = etc.resolve("gost4j.auther-ka.cfg");
            writeCfg(autherCfg, "name = ka", "auths = 192.168.124.2:secret2");
            ObjectName auther = name("gost4j:type=auther,name=ka");
            Await.until(WAIT, auther + " registered", () -> karafJmx.isRegistered(auther));
            karafJmx.invoke(auther, "addEntry", new Object[] {"192.168.124.3", "secret3"},
                    new String[] {String.class.getName(), String.class.getName()});
            Await.until(WAIT, "the JMX change saved to " + autherCfg, () -> Files.readString(autherCfg)
                    .contains("192.168.124.3:secret3") && Files.readString(autherCfg).contains("192.168.124.2:secret2"));
            assertEquals("the saved file keeps its owner-only mode", "rw-------",
                    PosixFilePermissions.toString(Files.getPosixFilePermissions(autherCfg)));
            Files.delete(autherCfg);
            Await.until(WAIT, auther + " gone after its .cfg was deleted", () -> !karafJmx.isRegistered(auther));

            // ---- deleting a .cfg removes its tunnel and device
            Files.delete(etc.resolve("gost4j.tunnel-kc.cfg"));
            assertTrue("g4jkc still there after gost4j.tunnel-kc.cfg was deleted",
                    lab.awaitDeviceGoneHere("g4jkc", WAIT));
            Await.until(WAIT, "service kc's MBean gone after its .cfg was deleted",
                    () -> !karafJmx.isRegistered(name("gost4j:type=service,name=kc")));

            // ---- feature:uninstall gost4j releases every device, socket, thread and MBean
            t0 = System.nanoTime();
            refreshed.clear();
            Set<Long> installed = bundleIds();
            features.uninstallFeature("gost4j");
            features.removeRepository(URI.create("mvn:org.gost4j/gost4j-features/" + TestEnv.version() + "/xml/features"));
            metric("feature:uninstall gost4j", millisSince(t0) + " ms");
            assertTrue("gost4j bundles left: " + gost4jBundles(), gost4jBundles().isEmpty());
            installed.removeAll(removedBundles(installed));
            assertTrue("bundles refreshed by feature:uninstall gost4j that stay installed: " + refreshed,
                    refreshed.stream().noneMatch(b -> installed.contains(idOf(b))));
            for (String device : List.of("g4jks", "g4jky")) {
                assertTrue(device + " still there after feature:uninstall gost4j", lab.awaitDeviceGoneHere(device, WAIT));
            }
            // Karaf itself has no UDP socket here: every one was a tunnel's
            assertTrue("UDP sockets left in Karaf's namespace: " + udpSockets(lab),
                    Await.holds(WAIT, () -> udpSockets(lab).isBlank()));
            Await.until(WAIT, "every /dev/net/tun descriptor closed", () -> tunDescriptors() == 0);
            assertTrue("gost4j MBeans left: " + karafJmx.queryNames(name("gost4j:*"), null),
                    Await.holds(WAIT, () -> karafJmx.queryNames(name("gost4j:*"), null).isEmpty()));
            assertTrue("gost4j threads left: " + gost4jThreads(), Await.holds(WAIT, () -> gost4jThreads().isEmpty()));
            context.removeBundleListener(refreshes);
        }
    }

    // ---- what feature:install gost4j left behind

    private void assertEverythingResolved() {
        List<String> problems = new ArrayList<>();
        for (Bundle b : context.getBundles()) {
            boolean fragment = b.getHeaders().get(Constants.FRAGMENT_HOST) != null;
            int expected = fragment ? Bundle.RESOLVED : Bundle.ACTIVE;
            if (b.getState() != expected) {
                problems.add(b.getSymbolicName() + " in state " + b.getState());
            }
        }
        assertTrue("bundles not resolved or not active after feature:install gost4j: " + problems, problems.isEmpty());
    }

    /**
     * Karaf's own SCR (its scr feature, which ours require), ConfigAdmin and FileInstall serve gost4j: none was
     * installed a second time, and none came from our features.
     */
    private void assertKarafRuntimeReused(Set<Long> before) throws Exception {
        for (String bsn : List.of("org.apache.felix.configadmin", "org.apache.felix.fileinstall", "org.apache.felix.scr",
                "org.osgi.util.promise", "org.osgi.util.function")) {
            List<Bundle> copies = bundles(bsn);
            assertEquals(bsn + " copies: " + copies, 1, copies.size());
        }
        assertTrue("SCR is Karaf's scr feature", features.isInstalled(features.getFeature("scr")));
        assertTrue("ConfigAdmin is Karaf's", before.contains(bundle("org.apache.felix.configadmin").getBundleId()));
        assertTrue("FileInstall is Karaf's", before.contains(bundle("org.apache.felix.fileinstall").getBundleId()));
    }

    /** The resolver took the Linux driver (with its JNI fragment attached) and no other OS's driver. */
    private void assertOsDriverWithJniFragments() throws Exception {
        assertTrue(features.isInstalled(features.getFeature("gost4j-device-linux")));
        assertFalse(features.isInstalled(features.getFeature("gost4j-device-darwin")));
        assertFalse(features.isInstalled(features.getFeature("gost4j-device-windows")));
        assertTrue(bundles("org.gost4j.device.darwin").isEmpty());
        assertTrue(bundles("org.gost4j.device.windows").isEmpty());
        String classifier = System.getProperty("gost4j.jni.classifier");
        for (String host : List.of("org.gost4j.device.linux", "org.gost4j.transport.udp", "org.gost4j.tunnel")) {
            List<String> attached = new ArrayList<>();
            for (BundleWire wire : bundle(host).adapt(BundleWiring.class).getProvidedWires(HostNamespace.HOST_NAMESPACE)) {
                attached.add(wire.getRequirer().getSymbolicName());
            }
            assertEquals(host + "'s fragments", List.of(host + "." + classifier), attached);
        }
    }

    // ---- tunnels that must not bounce

    /** Each tunnel's service registration and device index: a bounced tunnel gets new ones. */
    private final class Tunnels {
        private final EmbeddedLab lab;
        private final List<String> identities = new ArrayList<>();
        private final String[] namesAndDevices;

        Tunnels(EmbeddedLab lab, String... namesAndDevices) throws Exception {
            this.lab = lab;
            this.namesAndDevices = namesAndDevices;
            identities.addAll(identities());
        }

        private List<String> identities() throws Exception {
            List<String> ids = new ArrayList<>();
            for (int i = 0; i < namesAndDevices.length; i += 2) {
                // getAll: a lookup by class name would wire this bundle to gost4j's api (it loads the class)
                ServiceReference<?>[] refs = context.getAllServiceReferences(TUNNEL_MBEAN, "(name=" + namesAndDevices[i] + ")");
                assertNotNull("no tunnel service " + namesAndDevices[i], refs);
                String link = lab.netns().link(EmbeddedLab.HERE, namesAndDevices[i + 1]);
                assertNotNull("no device " + namesAndDevices[i + 1], link);
                ids.add(namesAndDevices[i] + " service " + refs[0].getProperty(Constants.SERVICE_ID) + ", "
                        + link.substring(0, link.indexOf(':')) + " " + namesAndDevices[i + 1]);
            }
            return ids;
        }

        void assertNotBounced() throws Exception {
            assertEquals("a tunnel was restarted (new service or device)", identities, identities());
        }
    }

    // ---- helpers

    private String jolokiaRead(String path) throws Exception {
        long deadline = System.nanoTime() + WAIT.toNanos();
        String auth = Base64.getEncoder().encodeToString("karaf:karaf".getBytes(StandardCharsets.UTF_8));
        IOException last = null;
        while (System.nanoTime() < deadline) {
            HttpURLConnection c = (HttpURLConnection) URI.create("http://127.0.0.1:8181/jolokia/read/" + path)
                    .toURL().openConnection();
            c.setRequestProperty("Authorization", "Basic " + auth);
            c.setConnectTimeout(2000);
            c.setReadTimeout(5000);
            try {
                if (c.getResponseCode() == 200) {
                    try (InputStream in = c.getInputStream()) {
                        return new String(in.readAllBytes(), StandardCharsets.UTF_8);
                    }
                }
                last = new IOException("HTTP " + c.getResponseCode());
            } catch (IOException e) {
                last = e; // not listening yet
            } finally {
                c.disconnect();
            }
            Thread.sleep(250);
        }
        throw new AssertionError("Karaf's jolokia did not answer within " + WAIT, last);
    }

    private void refreshBundle(Bundle bundle) throws InterruptedException {
        CountDownLatch done = new CountDownLatch(1);
        context.getBundle(0).adapt(FrameworkWiring.class).refreshBundles(List.of(bundle), event -> {
            if (event.getType() == FrameworkEvent.PACKAGES_REFRESHED) {
                done.countDown();
            }
        });
        assertTrue("refresh of " + bundle.getSymbolicName() + " not done", done.await(WAIT.toSeconds(), TimeUnit.SECONDS));
    }

    private static void writeCfg(Path file, String... lines) throws IOException {
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        Files.write(tmp, List.of(lines));
        Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rw-------"));
        Files.move(tmp, file); // FileInstall sees the complete file at once
    }

    private Set<Long> bundleIds() {
        Set<Long> ids = new TreeSet<>();
        for (Bundle b : context.getBundles()) {
            ids.add(b.getBundleId());
        }
        return ids;
    }

    /** Which of these bundle ids are no longer installed. */
    private Set<Long> removedBundles(Set<Long> ids) {
        Set<Long> removed = new TreeSet<>(ids);
        removed.removeAll(bundleIds());
        return removed;
    }

    /** The id in "name (id)". */
    private static long idOf(String bundle) {
        return Long.parseLong(bundle.substring(bundle.lastIndexOf('(') + 1, bundle.length() - 1));
    }

    private List<Bundle> bundles(String symbolicName) {
        List<Bundle> found = new ArrayList<>();
        for (Bundle b : context.getBundles()) {
            if (symbolicName.equals(b.getSymbolicName())) {
                found.add(b);
            }
        }
        return found;
    }

    private Bundle bundle(String symbolicName) {
        List<Bundle> found = bundles(symbolicName);
        assertEquals(symbolicName + " installed once", 1, found.size());
        return found.get(0);
    }

    private List<String> gost4jBundles() {
        List<String> found = new ArrayList<>();
        for (Bundle b : context.getBundles()) {
            if (b.getSymbolicName() != null && b.getSymbolicName().startsWith("org.gost4j")) {
                found.add(b.getSymbolicName());
            }
        }
        return found;
    }

    /** Threads named by gost4j's code or running a class of a gost4j bundle (JNA's cleaner in org.gost4j.jna). */
    private static List<String> gost4jThreads() {
        List<String> found = new ArrayList<>();
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            ClassLoader loader = t.getClass().getClassLoader();
            String owner = loader instanceof BundleReference && ((BundleReference) loader).getBundle() != null
                    ? ((BundleReference) loader).getBundle().getSymbolicName() : null;
            if (t.getName().startsWith("gost4j") || (owner != null && owner.startsWith("org.gost4j"))) {
                found.add(t.getName() + (owner == null ? "" : " (" + owner + ")"));
            }
        }
        return found;
    }

    private static String udpSockets(EmbeddedLab lab) {
        return lab.netns().exec(EmbeddedLab.HERE, Duration.ofSeconds(5), "ss", "-H", "-u", "-a", "-n").output();
    }

    /** Descriptors of this JVM (Karaf's) open on /dev/net/tun. */
    private static long tunDescriptors() throws IOException {
        try (var fds = Files.list(Path.of("/proc/self/fd"))) {
            return fds.filter(fd -> {
                try {
                    return Files.readSymbolicLink(fd).toString().equals("/dev/net/tun");
                } catch (IOException e) {
                    return false; // closed meanwhile
                }
            }).count();
        }
    }

    private static ObjectName name(String name) {
        try {
            return new ObjectName(name);
        } catch (Exception e) {
            throw new IllegalArgumentException(e);
        }
    }

    private static long millisSince(long t0) {
        return (System.nanoTime() - t0) / 1_000_000;
    }

    private static void metric(String what, Object value) {
        System.out.println("[metric] karaf: " + what + ": " + value);
    }
}
