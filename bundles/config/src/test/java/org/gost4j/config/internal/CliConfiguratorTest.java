package org.gost4j.config.internal;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.lang.reflect.Proxy;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.Map;
import java.util.TreeMap;

import org.junit.Before;
import org.junit.Test;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;

public class CliConfiguratorTest {

    /** Stored properties by PID, as ConfigAdmin would keep them. */
    private final Map<String, Hashtable<String, Object>> store = new TreeMap<>();
    private int updates;
    private final CliConfigurator configurator = new CliConfigurator();

    @Before
    public void fakeConfigAdmin() {
        configurator.configAdmin = (ConfigurationAdmin) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {ConfigurationAdmin.class}, (proxy, method, args) -> {
                    assertEquals("getFactoryConfiguration", method.getName());
                    assertEquals("?", args[2]);
                    return configuration(args[0] + "~" + args[1], (String) args[0]);
                });
    }

    @Test
    public void createsOneFactoryConfigurationPerService() {
        configurator.configure("-L\ntun://:8421?net=192.168.123.1/24\n-L=tap://:0/10.0.0.1:8421");
        assertEquals(2, updates);
        assertEquals("[gost4j.tunnel~service-0, gost4j.tunnel~service-1]", store.keySet().toString());
        Hashtable<String, Object> server = store.get("gost4j.tunnel~service-0");
        assertEquals("cli", server.get("gost4j.origin"));
        assertEquals(":8421", server.get("listen"));
        assertArrayEquals(new String[] {"192.168.123.1/24"}, (String[]) server.get("net"));
        assertEquals("10.0.0.1:8421", store.get("gost4j.tunnel~service-1").get("remote"));
    }

    @Test
    public void leavesUnchangedConfigurationsAlone() {
        configurator.configure("-L\ntun://:8421?net=192.168.123.1/24");
        configurator.configure("-L\ntun://:8421?net=192.168.123.1/24");
        assertEquals(1, updates);
        configurator.configure("-L\ntun://:8421?net=192.168.123.1/24&mtu=1400");
        assertEquals(2, updates);
    }

    @Test
    public void ignoresMalformedOrMissingArguments() {
        configurator.configure("-L\nudp://:1");
        configurator.configure(null);
        configurator.configure("");
        assertTrue(store.isEmpty());
    }

    private Configuration configuration(String pid, String factoryPid) {
        return (Configuration) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {Configuration.class},
                (proxy, method, args) -> switch (method.getName()) {
                    case "getPid" -> pid;
                    case "getProperties" -> store.containsKey(pid) ? new Hashtable<>(store.get(pid)) : null;
                    case "update" -> {
                        @SuppressWarnings("unchecked")
                        Hashtable<String, Object> props = new Hashtable<>((Map<String, Object>) (Dictionary<?, ?>) args[0]);
                        props.put("service.pid", pid);
                        props.put("service.factoryPid", factoryPid);
                        store.put(pid, props);
                        updates++;
                        yield null;
                    }
                    default -> throw new UnsupportedOperationException(method.getName());
                });
    }
}
