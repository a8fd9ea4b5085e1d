package org.gost4j.config.internal;

import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.util.Hashtable;
import java.util.Map;

import org.junit.Test;

public class ConfigurationPropertiesTest {

    private final Map<String, Object> wanted = Map.of("name", "service-0", "net", new String[] {"10.0.0.1/24"},
            "mtu", 1350);

    @Test
    public void ignoresWhatConfigAdminAdds() {
        Hashtable<String, Object> stored = new Hashtable<>(wanted);
        stored.put("net", new String[] {"10.0.0.1/24"});
        stored.put("service.pid", "gost4j.tunnel~service-0");
        stored.put("service.factoryPid", "gost4j.tunnel");
        assertTrue(ConfigurationProperties.same(stored, wanted));
    }

    @Test
    public void seesChangedMissingAndExtraProperties() {
        assertFalse(ConfigurationProperties.same(null, wanted));
        Hashtable<String, Object> changed = new Hashtable<>(wanted);
        changed.put("net", new String[] {"10.0.0.2/24"});
        assertFalse(ConfigurationProperties.same(changed, wanted));
        Hashtable<String, Object> missing = new Hashtable<>(wanted);
        missing.remove("mtu");
        assertFalse(ConfigurationProperties.same(missing, wanted));
        Hashtable<String, Object> extra = new Hashtable<>(wanted);
        extra.put("gw", "10.0.0.1");
        assertFalse(ConfigurationProperties.same(extra, wanted));
    }
}
