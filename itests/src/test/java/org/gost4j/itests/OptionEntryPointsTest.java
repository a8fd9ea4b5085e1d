package org.gost4j.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;
import static org.ops4j.pax.exam.CoreOptions.frameworkProperty;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Hashtable;
import java.util.List;

import javax.inject.Inject;
import javax.management.MBeanException;
import javax.management.MBeanServer;
import javax.management.ObjectName;

import org.gost4j.api.device.DeviceDriver;
import org.gost4j.api.tunnel.TunnelPids;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.service.cm.ConfigurationAdmin;

/**
 * The table of bad tunnel options ({@code bundles/support/src/test/resources/bad-tunnel-options.tsv}) through the
 * entry points that live inside the framework, over real JMX: a ConfigAdmin configuration as a {@code .cfg} file
 * makes it (strings), whose tunnel must report {@code failed} with the table's message; the configuration file
 * reloaded through its MBean, which must fail with the message; and, for {@code route}, the tunnel's
 * {@code addRoute}. The URL and the YAML parser run the same table in the config bundle's tests, the launcher in
 * {@link LauncherCliTest}. Emulated devices: no root needed.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class OptionEntryPointsTest {

    private static final long TIMEOUT_MS = 10_000;
    private static final String EMULATED = "(" + DeviceDriver.DRIVER_PROPERTY + "=emulated)";
    private static final String[] STRING = {String.class.getName()};

    @Inject
    private ConfigurationAdmin configAdmin;

    private final MBeanServer jmx = ManagementFactory.getPlatformMBeanServer();

    @Configuration
    public Option[] config() throws Exception {
        Files.createDirectories(configFile().getParent());
        Files.writeString(configFile(), "services: []\n"); // nothing to run until a test writes it
        return PaxOptions.felix("paxexam-options").configAdmin().maven("org.yaml", "snakeyaml")
                .ours("api", "jna", "device-emulated", "transport-udp", "tunnel", "config", "management")
                .add(frameworkProperty("gost4j.config.file").value(configFile().toString())).toArray();
    }

    /** Where the framework's {@code -C} file is; the same path inside and outside the framework (one JVM). */
    private static Path configFile() {
        return Paths.get("target", "paxexam-options-file", "gost4j.yaml").toAbsolutePath();
    }

    static List<String[]> badOptions() throws Exception {
        Path table = Paths.get(System.getProperty("gost4j.root", "..")).toAbsolutePath().normalize()
                .resolve("bundles/support/src/test/resources/bad-tunnel-options.tsv");
        return Files.readAllLines(table).stream().filter(line -> !line.isBlank() && !line.startsWith("#"))
                .map(line -> line.split("\t")).toList();
    }

    /** As FileInstall hands a {@code .cfg} over: every value a string. */
    @Test
    public void aCfgConfigurationFailsItsTunnelWithTheTablesMessage() throws Exception {
        int index = 0;
        for (String[] row : badOptions()) {
            String name = "bad" + index++;
            org.osgi.service.cm.Configuration config = configAdmin.getFactoryConfiguration(TunnelPids.TUNNEL, name, "?");
            Hashtable<String, Object> props = new Hashtable<>();
            props.put("name", name);
            props.put("listen", "127.0.0.1:0");
            props.put("net", "10.0.0.1/24");
            props.put("driver.target", EMULATED);
            props.put(row[0].equals("name") ? "device.name" : row[0], row[1]);
            config.update(props);
            try {
                ObjectName mbean = new ObjectName("gost4j:type=service,name=" + name);
                awaitAttribute(mbean, "State", "failed");
                assertEquals(row[0] + "=" + row[1], row[2], jmx.getAttribute(mbean, "LastError"));
                MBeanException e = assertThrows(MBeanException.class,
                        () -> jmx.invoke(mbean, "addRoute", new Object[] {"10.9.0.0/24"}, STRING));
                assertEquals("tunnel " + name + " is failed: " + row[2], e.getMessage());
            } finally {
                config.delete();
            }
        }
    }

    /** The configuration file's MBean: a reload of a file with the bad option fails with the message. */
    @Test
    public void reloadingTheFileOverJmxFailsWithTheTablesMessage() throws Exception {
        ObjectName file = new ObjectName("gost4j:type=config,name=file");
        awaitRegistered(file);
        for (String[] row : badOptions()) {
            Files.writeString(configFile(), yaml(row[0], row[1]));
            MBeanException e = assertThrows(MBeanException.class,
                    () -> jmx.invoke(file, "reload", new Object[0], new String[0]));
            String expected = configFile() + ": services[0].listener.metadata." + row[0] + ": " + row[2];
            assertEquals(expected, e.getMessage());
            assertEquals(expected, jmx.getAttribute(file, "LastError"));
        }
    }

    /** The tunnel's operations take their input by the options' rules and fail as MBeanExceptions. */
    @Test
    public void aRunningTunnelsOperationsFailWithTheRulesMessages() throws Exception {
        org.osgi.service.cm.Configuration config = configAdmin.getFactoryConfiguration(TunnelPids.TUNNEL, "ops", "?");
        Hashtable<String, Object> props = new Hashtable<>();
        props.put("name", "ops");
        props.put("listen", "127.0.0.1:0");
        props.put("net", new String[] {"10.0.0.1/24"});
        props.put("driver.target", EMULATED);
        config.update(props);
        try {
            ObjectName mbean = new ObjectName("gost4j:type=service,name=ops");
            awaitAttribute(mbean, "State", "up");
            assertEquals("", jmx.getAttribute(mbean, "LastError"));
            for (String[] row : badOptions()) {
                if (row[0].equals("route")) {
                    for (String operation : new String[] {"addRoute", "removeRoute"}) {
                        MBeanException e = assertThrows(MBeanException.class,
                                () -> jmx.invoke(mbean, operation, new Object[] {row[1]}, STRING));
                        assertEquals(row[2], e.getMessage());
                    }
                }
            }
            assertEquals("added 10.9.0.0/24", jmx.invoke(mbean, "addRoute", new Object[] {"10.9.0.0/24"}, STRING));
            MBeanException notAnAddress = assertThrows(MBeanException.class,
                    () -> jmx.invoke(mbean, "disconnectPeer", new Object[] {"gateway"}, STRING));
            assertEquals("'gateway' is not an IP address", notAnAddress.getMessage());
            assertEquals(Boolean.FALSE, jmx.invoke(mbean, "disconnectPeer", new Object[] {"10.0.0.9"}, STRING));
        } finally {
            config.delete();
        }
    }

    private static String yaml(String key, String value) {
        return "services:\n- name: srv\n  addr: :8421\n  handler:\n    type: tun\n  listener:\n    type: tun\n"
                + "    metadata:\n" + (key.equals("net") ? "" : "      net: 10.0.0.1/24\n")
                + "      " + key + ": '" + value.replace("'", "''") + "'\n";
    }

    private void awaitAttribute(ObjectName name, String attribute, Object expected) throws Exception {
        long deadline = System.currentTimeMillis() + TIMEOUT_MS;
        Object value = null;
        while (System.currentTimeMillis() < deadline) {
            if (jmx.isRegistered(name)) {
                value = jmx.getAttribute(name, attribute);
                if (expected.equals(value)) {
                    return;
                }
            }
            Thread.sleep(20);
        }
        fail(name + " " + attribute + " is " + value + ", not " + expected + ", after " + TIMEOUT_MS + " ms");
    }

    private void awaitRegistered(ObjectName name) throws Exception {
        long deadline = System.currentTimeMillis() + TIMEOUT_MS;
        while (!jmx.isRegistered(name)) {
            assertTrue(name + " not registered within " + TIMEOUT_MS + " ms", System.currentTimeMillis() < deadline);
            Thread.sleep(20);
        }
    }
}
