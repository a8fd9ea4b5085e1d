package org.gost4j.itests;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.io.File;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import javax.inject.Inject;
import javax.management.MBeanServer;
import javax.management.ObjectName;

import org.gost4j.api.auth.Authenticator;
import org.gost4j.api.device.DeviceDriver;
import org.gost4j.api.router.Router;
import org.gost4j.api.transport.DatagramTransport;
import org.gost4j.api.tunnel.TunnelMBean;
import org.gost4j.api.tunnel.TunnelPids;

import org.junit.Assume;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.Filter;
import org.osgi.framework.FrameworkUtil;
import org.osgi.framework.ServiceReference;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.util.tracker.ServiceTracker;

/**
 * Our bundles in a native Felix (Pax Exam) with SCR, ConfigAdmin and JNA: they resolve and start, register
 * their services, and a {@code gost4j.tunnel} factory configuration creates (and its deletion removes) a tunnel
 * service and its TUN device. The bundles come from the reactor ({@code bundles/X/target/*.jar}), so this runs
 * under {@code mvn verify} without an install.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class TunnelWiringTest {

    static final String[] OUR_BUNDLES = {"api", "jna", "device-linux", "transport-udp", "auther", "router", "tunnel", "config",
        "management", "chain-relay"};
    /** The Netty module bundles chain-relay needs (as the distribution ships them). */
    static final String[] NETTY = {"netty-common", "netty-buffer", "netty-resolver", "netty-transport",
        "netty-transport-native-unix-common", "netty-codec", "netty-handler", "netty-codec-http"};
    /** Unique per JVM: this test runs in the host namespace, maybe beside another build. */
    private static final String DEVICE = "g4jpax" + ProcessHandle.current().pid();
    private static final long TIMEOUT_MS = 10_000;

    @Inject
    private BundleContext context;

    @Inject
    private ConfigurationAdmin configAdmin;

    @Configuration
    public Option[] config() {
        return PaxOptions.felix("paxexam").configAdmin().maven("org.yaml", "snakeyaml").maven("io.netty", NETTY)
                .ours(OUR_BUNDLES).toArray();
    }

    @Test
    public void ourBundlesAreActive() {
        Map<String, Bundle> bySymbolicName = new TreeMap<>();
        for (Bundle b : context.getBundles()) {
            bySymbolicName.put(b.getSymbolicName(), b);
        }
        List<String> problems = new ArrayList<>();
        for (String bsn : List.of("org.gost4j.api", "org.gost4j.device.linux", "org.gost4j.transport.udp",
                "org.gost4j.auther", "org.gost4j.router", "org.gost4j.tunnel", "org.gost4j.config",
                "org.gost4j.management", "org.gost4j.chain.relay", "io.netty.codec-http", "io.netty.handler",
                "org.apache.felix.scr",
                "org.apache.felix.configadmin", "org.gost4j.jna")) {
            Bundle b = bySymbolicName.get(bsn);
            if (b == null) {
                problems.add(bsn + " missing");
            } else if (b.getState() != Bundle.ACTIVE) {
                problems.add(bsn + " in state " + state(b.getState()));
            }
        }
        for (Bundle b : context.getBundles()) {
            boolean fragment = b.getHeaders().get(Constants.FRAGMENT_HOST) != null;
            if (!fragment && b.getState() != Bundle.ACTIVE) {
                problems.add(b.getSymbolicName() + " in state " + state(b.getState()));
            }
        }
        assertTrue("bundles not active: " + problems + "; all: " + bySymbolicName.keySet(), problems.isEmpty());
    }

    @Test
    public void deviceDriverAndUdpTransportAreRegistered() throws Exception {
        assertNotNull("no DeviceDriver service", await(DeviceDriver.class, null));
        Object udp = await(DatagramTransport.class,
                "(" + DatagramTransport.TRANSPORT_PROPERTY + "=udp)");
        assertNotNull("no DatagramTransport service with transport=udp", udp);
    }

    /** A gost4j.chain configuration publishes a chain transport that tunnels select by name; no secrets in it. */
    @Test
    public void chainConfigurationRegistersAChainTransport() throws Exception {
        org.osgi.service.cm.Configuration chain = configAdmin.getFactoryConfiguration("gost4j.chain", "pax", "?");
        java.util.Hashtable<String, Object> props = new java.util.Hashtable<>();
        props.put("name", "chain-pax");
        props.put("nodes", new String[] {"relay+wss://user:secret@127.0.0.1:9?secure=false"});
        chain.update(props);
        try {
            String filter = "(&(" + DatagramTransport.TRANSPORT_PROPERTY + "=chain)(name=chain-pax))";
            assertNotNull("no chain transport registered", await(DatagramTransport.class, filter));
            org.osgi.framework.ServiceReference<?> ref = context.getServiceReferences(DatagramTransport.class, filter)
                    .iterator().next();
            for (String key : ref.getPropertyKeys()) {
                assertTrue(key + " shows the password", !String.valueOf(ref.getProperty(key)).contains("secret")
                        && !java.util.Arrays.deepToString(new Object[] {ref.getProperty(key)}).contains("secret"));
            }
            MBeanServer jmx = ManagementFactory.getPlatformMBeanServer();
            ObjectName mbean = new ObjectName("gost4j:type=chain,name=chain-pax");
            assertTrue(mbean + " not registered", awaitMBean(jmx, mbean, true));
            assertEquals("idle", jmx.getAttribute(mbean, "State"));
            assertArrayEquals(new String[] {"relay+wss://user:***@127.0.0.1:9/ws"},
                    (String[]) jmx.getAttribute(mbean, "Nodes"));
            assertNoAttributeShows(jmx, mbean, "secret");
        } finally {
            chain.delete();
        }
    }

    @Test
    public void factoryConfigurationCreatesAndRemovesTunnel() throws Exception {
        Assume.assumeTrue("needs root and /dev/net/tun to create a TUN device",
                TestEnv.isRoot() && new File("/dev/net/tun").exists());
        Path sysDevice = Paths.get("/sys/class/net", DEVICE);
        Assume.assumeFalse(DEVICE + " already exists on this host; not touching it", Files.exists(sysDevice));

        String filter = "(name=pax0)";
        assertNull("a tunnel service exists before any configuration", find(TunnelMBean.class, filter));

        org.osgi.service.cm.Configuration config =
                configAdmin.getFactoryConfiguration(TunnelPids.TUNNEL, "pax0", "?");
        Hashtable<String, Object> props = new Hashtable<>();
        props.put("name", "pax0");
        // TAP, as it needs no interface address: this test runs in the host's network namespace
        props.put("type", "tap");
        props.put("listen", "127.0.0.1:0");
        props.put("device.name", DEVICE);
        props.put("mtu", 1350);
        long t0 = System.nanoTime();
        try {
            config.update(props);

            TunnelMBean tunnel = await(TunnelMBean.class, filter);
            System.out.println("[metric] pax: configuration to TunnelMBean service: "
                    + (System.nanoTime() - t0) / 1_000_000 + " ms");
            assertNotNull("no TunnelMBean (name=pax0) within " + TIMEOUT_MS + " ms of creating configuration "
                    + config.getPid(), tunnel);
            assertTrue("tunnel not up: " + tunnel.getState() + " " + tunnel.getLastError(),
                    awaitTrue(() -> tunnel.getState().equals("up")));
            assertEquals("server", tunnel.getMode());
            assertEquals(DEVICE, tunnel.getDevice());
            assertNotNull(tunnel.getListenAddress());
            assertTrue("tunnel listens on " + tunnel.getListenAddress(),
                    tunnel.getListenAddress().contains("127.0.0.1"));
            assertTrue(sysDevice + " does not exist while the tunnel runs", Files.exists(sysDevice));
            // the management whiteboard exposes the tunnel and its device
            MBeanServer jmx = ManagementFactory.getPlatformMBeanServer();
            ObjectName service = new ObjectName("gost4j:type=service,name=pax0");
            ObjectName device = new ObjectName("gost4j:type=device,name=" + DEVICE);
            assertTrue(service + " not registered", awaitMBean(jmx, service, true));
            assertTrue(device + " not registered", awaitMBean(jmx, device, true));
            assertEquals("server", jmx.getAttribute(service, "Mode"));
            assertEquals(Boolean.FALSE, jmx.invoke(service, "disconnectPeer", new Object[] {"192.168.123.9"},
                    new String[] {String.class.getName()}));
        } finally {
            config.delete();
        }

        t0 = System.nanoTime();
        long deadline = System.currentTimeMillis() + TIMEOUT_MS;
        while (find(TunnelMBean.class, filter) != null || Files.exists(sysDevice)) {
            if (System.currentTimeMillis() > deadline) {
                fail("after deleting the configuration within " + TIMEOUT_MS + " ms: service "
                        + (find(TunnelMBean.class, filter) != null ? "still registered" : "gone") + ", device "
                        + (Files.exists(sysDevice) ? "still present" : "gone"));
            }
            Thread.sleep(50);
        }
        assertFalse(Files.exists(sysDevice));
        assertTrue("service MBean left behind", awaitMBean(ManagementFactory.getPlatformMBeanServer(),
                new ObjectName("gost4j:type=service,name=pax0"), false));
        System.out.println("[metric] pax: configuration deleted to service and device gone: "
                + (System.nanoTime() - t0) / 1_000_000 + " ms");
    }

    /** An auther configuration becomes an Authenticator that checks, without its passwords as properties. */
    @Test
    public void autherAndRouterConfigurationsBecomeServices() throws Exception {
        org.osgi.service.cm.Configuration auther = configAdmin.getFactoryConfiguration(TunnelPids.AUTHER, "pax", "?");
        org.osgi.service.cm.Configuration router = configAdmin.getFactoryConfiguration(TunnelPids.ROUTER, "pax", "?");
        try {
            Hashtable<String, Object> props = new Hashtable<>();
            props.put("name", "paxauther");
            props.put("auths", new String[] {"192.168.123.2:userpass1"});
            auther.update(props);
            props = new Hashtable<>();
            props.put("name", "paxrouter");
            props.put("routes", new String[] {"172.10.0.0/16 192.168.123.2"});
            router.update(props);

            Authenticator authenticator = await(Authenticator.class, "(name=paxauther)");
            assertNotNull("no Authenticator (name=paxauther)", authenticator);
            assertTrue(authenticator.authenticate("192.168.123.2", "userpass1"));
            assertFalse(authenticator.authenticate("192.168.123.2", "userpass2"));
            ServiceReference<Authenticator> ref = find(Authenticator.class, "(name=paxauther)");
            assertNull("passwords published as a service property", ref.getProperty("auths"));

            Router paxRouter = await(Router.class, "(name=paxrouter)");
            assertNotNull("no Router (name=paxrouter)", paxRouter);
            assertEquals("[172.10.0.0/16 192.168.123.2]", paxRouter.routes().toString());

            // both are MBeans; changes through JMX go into their configurations and come back as new services
            MBeanServer jmx = ManagementFactory.getPlatformMBeanServer();
            ObjectName autherMBean = new ObjectName("gost4j:type=auther,name=paxauther");
            ObjectName routerMBean = new ObjectName("gost4j:type=router,name=paxrouter");
            assertTrue(autherMBean + " not registered", awaitMBean(jmx, autherMBean, true));
            assertTrue(routerMBean + " not registered", awaitMBean(jmx, routerMBean, true));
            assertArrayEquals(new String[] {"192.168.123.2"}, (String[]) jmx.getAttribute(autherMBean, "Users"));
            assertNoAttributeShows(jmx, autherMBean, "userpass1");

            String[] twoStrings = {String.class.getName(), String.class.getName()};
            assertEquals("user 192.168.123.3 set", jmx.invoke(autherMBean, "addEntry",
                    new Object[] {"192.168.123.3", "userpass3"}, twoStrings));
            assertTrue("the auther did not take the new user from its configuration",
                    awaitTrue(() -> authenticates("paxauther", "192.168.123.3", "userpass3")));
            assertTrue(awaitTrue(() -> java.util.Arrays.asList((String[]) jmx.getAttribute(autherMBean, "Users"))
                    .equals(List.of("192.168.123.2", "192.168.123.3"))));
            assertTrue("the old user is lost", authenticates("paxauther", "192.168.123.2", "userpass1"));
            assertNoAttributeShows(jmx, autherMBean, "userpass");
            javax.management.MBeanException noUser = org.junit.Assert.assertThrows(
                    javax.management.MBeanException.class, () -> jmx.invoke(autherMBean, "removeEntry",
                            new Object[] {"nobody"}, new String[] {String.class.getName()}));
            assertEquals("no user nobody in auths", noUser.getMessage());

            assertArrayEquals(new String[] {"172.10.0.0/16 192.168.123.2"},
                    (String[]) jmx.getAttribute(routerMBean, "Routes"));
            assertEquals("route 10.9.0.0/24 192.168.123.9 added", jmx.invoke(routerMBean, "addRoute",
                    new Object[] {"10.9.0.0/24 192.168.123.9"}, new String[] {String.class.getName()}));
            assertTrue("the router MBean does not show the new route", awaitTrue(
                    () -> ((String[]) jmx.getAttribute(routerMBean, "Routes")).length == 2));
            assertTrue("the router did not take the new route from its configuration", awaitTrue(() -> {
                Router r = await(Router.class, "(name=paxrouter)");
                return r != null && r.routes().size() == 2;
            }));
            javax.management.MBeanException badRoute = org.junit.Assert.assertThrows(
                    javax.management.MBeanException.class, () -> jmx.invoke(routerMBean, "addRoute",
                            new Object[] {"10.9.0.0/24"}, new String[] {String.class.getName()}));
            assertEquals("'10.9.0.0/24' is not 'CIDR GATEWAY' (e.g. 172.10.0.0/16 192.168.123.2)",
                    badRoute.getMessage());
            assertEquals("route for 172.10.0.0/16 removed", jmx.invoke(routerMBean, "removeRoute",
                    new Object[] {"172.10.0.0/16"}, new String[] {String.class.getName()}));
            assertTrue(awaitTrue(() -> List.of("10.9.0.0/24 192.168.123.9")
                    .equals(java.util.Arrays.asList((String[]) jmx.getAttribute(routerMBean, "Routes")))));
        } finally {
            auther.delete();
            router.delete();
        }
    }

    private boolean authenticates(String auther, String user, String password) throws Exception {
        ServiceReference<Authenticator> ref = find(Authenticator.class, "(name=" + auther + ")");
        Authenticator authenticator = ref == null ? null : context.getService(ref);
        try {
            return authenticator != null && authenticator.authenticate(user, password);
        } finally {
            if (authenticator != null) {
                context.ungetService(ref);
            }
        }
    }

    /** Fails if any readable attribute of {@code name} contains {@code secret}. */
    private static void assertNoAttributeShows(MBeanServer jmx, ObjectName name, String secret) throws Exception {
        for (javax.management.MBeanAttributeInfo attribute : jmx.getMBeanInfo(name).getAttributes()) {
            Object value = jmx.getAttribute(name, attribute.getName());
            assertFalse(name + " attribute " + attribute.getName() + " shows a password",
                    java.util.Arrays.deepToString(new Object[] {value}).contains(secret));
        }
    }

    interface Check {
        boolean holds() throws Exception;
    }

    private static boolean awaitTrue(Check check) throws Exception {
        long deadline = System.currentTimeMillis() + TIMEOUT_MS;
        while (true) {
            try {
                if (check.holds()) {
                    return true;
                }
            } catch (javax.management.InstanceNotFoundException restarting) {
                // the MBean is between its old and new service
            }
            if (System.currentTimeMillis() > deadline) {
                return false;
            }
            Thread.sleep(50);
        }
    }

    private static boolean awaitMBean(MBeanServer jmx, ObjectName name, boolean registered) throws Exception {
        return Await.holds(Duration.ofMillis(TIMEOUT_MS), () -> jmx.isRegistered(name) == registered);
    }

    private <T> T await(Class<T> type, String filter) throws Exception {
        String f = "(" + Constants.OBJECTCLASS + "=" + type.getName() + ")";
        if (filter != null) {
            f = "(&" + f + filter + ")";
        }
        Filter osgiFilter = FrameworkUtil.createFilter(f);
        ServiceTracker<T, T> tracker = new ServiceTracker<>(context, osgiFilter, null);
        tracker.open();
        try {
            return tracker.waitForService(TIMEOUT_MS);
        } finally {
            tracker.close();
        }
    }

    private <T> ServiceReference<T> find(Class<T> type, String filter) throws Exception {
        var refs = context.getServiceReferences(type, filter);
        return refs.isEmpty() ? null : refs.iterator().next();
    }

    private static String state(int state) {
        switch (state) {
            case Bundle.INSTALLED: return "INSTALLED";
            case Bundle.RESOLVED: return "RESOLVED";
            case Bundle.STARTING: return "STARTING";
            case Bundle.STOPPING: return "STOPPING";
            case Bundle.ACTIVE: return "ACTIVE";
            default: return "UNINSTALLED";
        }
    }
}
