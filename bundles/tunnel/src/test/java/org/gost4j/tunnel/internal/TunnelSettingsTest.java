package org.gost4j.tunnel.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertThrows;

import java.net.InetAddress;
import java.util.List;
import java.util.Map;

import org.gost4j.api.device.IpNetwork;
import org.gost4j.support.options.OptionException;
import org.gost4j.support.options.TunnelOptions;
import org.junit.Test;

public class TunnelSettingsTest {

    private static TunnelSettings settings(Map<String, Object> properties) {
        return TunnelSettings.from(TunnelOptions.fromProperties(properties));
    }

    private static TunnelSettings tun(String peer) {
        return settings(Map.of("name", "t", "type", "tun", "listen", "127.0.0.1:0",
                "net", new String[] {"10.9.0.1/24"}, "peer", peer));
    }

    @Test
    public void peerGoesIntoTheDeviceSpec() throws Exception {
        assertEquals(InetAddress.getByName("10.9.0.2"), tun("10.9.0.2").deviceSpec().peer());
        assertEquals(InetAddress.getByName("fd00::2"), tun("fd00::2").deviceSpec().peer());
    }

    @Test
    public void withoutPeerTheDriverChooses() {
        assertNull(tun("").deviceSpec().peer());
    }

    @Test
    public void tunRoutesViaGwGoToTheGatewayClientAndTheDevice() {
        TunnelSettings s = settings(Map.of("name", "t", "net", "10.9.0.1/24", "route", "10.8.0.0/16",
                "gw", "10.9.0.2", "routes", new String[] {"10.7.0.0/16 10.9.0.3"}));
        assertEquals("[10.8.0.0/16 10.9.0.2, 10.7.0.0/16 10.9.0.3]", s.gatewayRoutes().toString());
        assertEquals(List.of(IpNetwork.parse("10.8.0.0/16"), IpNetwork.parse("10.7.0.0/16")), s.deviceRoutes());
        assertEquals(List.of(), s.nextHopRoutes());
    }

    @Test
    public void tapRoutesViaGwAreNextHopsOnTheLink() {
        TunnelSettings s = settings(Map.of("name", "t", "type", "tap", "route", "10.8.0.0/16", "gw", "10.9.0.2"));
        assertEquals("[10.8.0.0/16 10.9.0.2]", s.nextHopRoutes().toString());
        assertEquals(List.of(), s.deviceRoutes());
    }

    @Test
    public void anUnresolvableServerIsNamed() {
        OptionException e = assertThrows(OptionException.class, () -> settings(Map.of("name", "t",
                "net", "10.9.0.2/24", "remote", "no-such-host.invalid:8421")));
        assertEquals("remote address 'no-such-host.invalid:8421': cannot resolve host no-such-host.invalid",
                e.getMessage());
    }
}
