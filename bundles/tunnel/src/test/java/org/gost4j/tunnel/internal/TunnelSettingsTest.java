package org.gost4j.tunnel.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.lang.reflect.Proxy;
import java.net.InetAddress;
import java.util.Map;

import org.junit.Test;

public class TunnelSettingsTest {

    /** A TunnelConfig as DS would make it: the given properties, annotation defaults for the rest. */
    private static TunnelConfig config(Map<String, Object> properties) {
        return (TunnelConfig) Proxy.newProxyInstance(TunnelConfig.class.getClassLoader(),
                new Class<?>[] {TunnelConfig.class}, (proxy, method, args) -> {
                    Object value = properties.get(method.getName());
                    return value != null ? value : method.getDefaultValue();
                });
    }

    private static TunnelConfig tun(String peer) {
        return config(Map.of("name", "t", "type", "tun", "listen", "127.0.0.1:0",
                "net", new String[] {"10.9.0.1/24"}, "peer", peer));
    }

    @Test
    public void peerGoesIntoTheDeviceSpec() throws Exception {
        assertEquals(InetAddress.getByName("10.9.0.2"), TunnelSettings.from(tun("10.9.0.2")).deviceSpec().peer());
        assertEquals(InetAddress.getByName("fd00::2"), TunnelSettings.from(tun("fd00::2")).deviceSpec().peer());
    }

    @Test
    public void withoutPeerTheDriverChooses() {
        assertNull(TunnelSettings.from(tun("")).deviceSpec().peer());
    }

    @Test
    public void aPeerMustBeAnAddress() {
        for (String bad : new String[] {"10.9.0.0/24", "not-an-ip"}) {
            try {
                TunnelSettings.from(tun(bad));
                fail("accepted peer " + bad);
            } catch (IllegalArgumentException expected) {
                assertTrue(expected.getMessage(), expected.getMessage().startsWith("peer"));
            }
        }
    }
}
