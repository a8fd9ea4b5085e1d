package org.gost4j.itests;

import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.ref.WeakReference;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import javax.inject.Inject;
import javax.management.MBeanServerConnection;
import javax.management.ObjectName;
import javax.management.remote.JMXConnector;
import javax.management.remote.JMXConnectorFactory;
import javax.management.remote.JMXServiceURL;

import com.sun.management.HotSpotDiagnosticMXBean;

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
import org.osgi.framework.wiring.BundleWiring;
import org.osgi.framework.wiring.FrameworkWiring;
import org.osgi.service.cm.ConfigurationAdmin;

/**
 * Issue 16.6: the management bundle, with its Jolokia endpoint and remote JMX both serving requests, is updated
 * (a new class loader each time) three times in a real Felix; afterwards none of the old class loaders may be
 * reachable. Before the fix every one stayed: Jolokia 2.6 leaves MBean registration listeners on the platform
 * MBeanServer's delegate, and those held the loader. On failure a heap dump says what holds it.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class ManagementBundleLeakTest {

    private static final String USER = "leaktest";
    private static final String PASSWORD = "leak-test-password";
    private static final int CYCLES = 3;
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @Inject
    private BundleContext context;

    @Inject
    private ConfigurationAdmin configAdmin;

    @Configuration
    public Option[] config() {
        return PaxOptions.felix("paxexam-leak").configAdmin().ours("api", "management").toArray();
    }

    @Test
    public void updatingTheManagementBundleLeavesNoClassLoaderBehind() throws Exception {
        int httpPort = TestEnv.freePort();
        int registryPort = TestEnv.freePort();
        int serverPort = TestEnv.freePort();
        configure(httpPort, registryPort, serverPort);
        Bundle management = bundle("org.gost4j.management");

        List<WeakReference<ClassLoader>> loaders = new ArrayList<>();
        for (int cycle = 0; cycle < CYCLES; cycle++) {
            awaitJolokia(httpPort);
            useRemoteJmx(registryPort);
            loaders.add(new WeakReference<>(management.adapt(BundleWiring.class).getClassLoader()));
            management.update();
            refresh(management);
        }
        awaitJolokia(httpPort); // the last update works too
        useRemoteJmx(registryPort);

        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        int alive;
        do {
            System.gc();
            byte[][] pressure = new byte[64][];
            for (int i = 0; i < pressure.length; i++) {
                pressure[i] = new byte[1 << 20];
            }
            Thread.sleep(200);
            alive = (int) loaders.stream().filter(l -> l.get() != null).count();
        } while (alive > 0 && System.nanoTime() < deadline);
        if (alive > 0) {
            Path dump = Paths.get("target", "leak-test", "management-leak.hprof").toAbsolutePath();
            Files.deleteIfExists(dump);
            ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class).dumpHeap(dump.toString(), false);
            fail(alive + " of " + CYCLES + " class loaders of the management bundle still reachable after its updates;"
                    + " heap dump (without a GC first) in " + dump);
        }
    }

    private void configure(int httpPort, int registryPort, int serverPort) throws IOException {
        Path dir = Files.createDirectories(Paths.get("target", "leak-test").toAbsolutePath());
        Path passwords = dir.resolve("management.passwords");
        Files.writeString(passwords, USER + " " + PASSWORD + "\n");
        Files.setPosixFilePermissions(passwords, PosixFilePermissions.fromString("rw-------"));
        Path policy = dir.resolve("jolokia-access.xml");
        Files.writeString(policy, Files.readString(TestEnv.home().resolve("config/jolokia-access.xml"))
                .replace(":8778", ":" + httpPort));

        Hashtable<String, Object> jolokia = new Hashtable<>();
        jolokia.put("host", "127.0.0.1");
        jolokia.put("port", httpPort);
        jolokia.put("passwordFile", passwords.toString());
        jolokia.put("policyLocation", policy.toUri().toString());
        configAdmin.getConfiguration("gost4j.jolokia", "?").update(jolokia);

        Hashtable<String, Object> jmx = new Hashtable<>();
        jmx.put("host", "127.0.0.1");
        jmx.put("registryPort", registryPort);
        jmx.put("serverPort", serverPort);
        jmx.put("tls", false);
        jmx.put("passwordFile", passwords.toString());
        configAdmin.getConfiguration("gost4j.jmxremote", "?").update(jmx);
    }

    /** Waits until an authenticated request is answered, then makes one that walks every MBean. */
    private static void awaitJolokia(int port) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < deadline) {
            try {
                if (get(port, "version").contains("\"agent\"")) {
                    assertTrue(get(port, "list").contains("java.lang"));
                    return;
                }
            } catch (IOException e) {
                // not up (yet)
            }
            Thread.sleep(100);
        }
        fail("Jolokia not answering on port " + port);
    }

    /** With java.net.http: HttpURLConnection drops an Origin header, which the policy requires. */
    private static String get(int port, String path) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/jolokia/" + path))
                .timeout(Duration.ofSeconds(10))
                .header("Origin", "http://127.0.0.1:" + port)
                .header("Authorization", "Basic " + Base64.getEncoder()
                        .encodeToString((USER + ":" + PASSWORD).getBytes(StandardCharsets.UTF_8)))
                .build();
        return HTTP.send(request, HttpResponse.BodyHandlers.ofString()).body();
    }

    private static void useRemoteJmx(int registryPort) throws Exception {
        JMXServiceURL url = new JMXServiceURL("service:jmx:rmi:///jndi/rmi://127.0.0.1:" + registryPort + "/jmxrmi");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (true) {
            try (JMXConnector connector = JMXConnectorFactory.connect(url,
                    Map.of(JMXConnector.CREDENTIALS, new String[] {USER, PASSWORD}))) {
                MBeanServerConnection server = connector.getMBeanServerConnection();
                assertTrue(server.queryNames(new ObjectName("java.lang:*"), null).size() > 3);
                return;
            } catch (IOException e) {
                if (System.nanoTime() > deadline) {
                    throw e;
                }
                Thread.sleep(100);
            }
        }
    }

    private void refresh(Bundle bundle) throws InterruptedException {
        CountDownLatch refreshed = new CountDownLatch(1);
        context.getBundle(0).adapt(FrameworkWiring.class).refreshBundles(List.of(bundle), event -> {
            if (event.getType() == FrameworkEvent.PACKAGES_REFRESHED) {
                refreshed.countDown();
            }
        });
        assertTrue("refresh did not finish", refreshed.await(30, TimeUnit.SECONDS));
    }

    private Bundle bundle(String symbolicName) {
        for (Bundle b : context.getBundles()) {
            if (symbolicName.equals(b.getSymbolicName())) {
                return b;
            }
        }
        throw new AssertionError(symbolicName + " not installed");
    }
}
