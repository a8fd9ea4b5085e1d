package org.gost4j.router.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.fail;

import java.util.List;

import org.gost4j.api.router.RouteEntry;
import org.junit.Test;

public class RouterComponentTest {

    @Test
    public void parsesEntriesAndSkipsBlankOnes() {
        List<RouteEntry> routes = RouterComponent.parse(new String[] {"172.10.0.0/16 192.168.123.2", " ",
                "fd10::/64 fd00:123::2"});
        assertEquals(2, routes.size());
        assertEquals("172.10.0.0/16 192.168.123.2", routes.get(0).toString());
    }

    @Test
    public void aBadEntryIsAnError() {
        try {
            RouterComponent.parse(new String[] {"172.10.0.0/16"});
            fail("accepted a route without gateway");
        } catch (IllegalArgumentException expected) {
            // expected
        }
    }

    @Test
    public void managementReplacesAndRemovesRoutesByNetwork() {
        List<String> entries = List.of("172.10.0.0/16 192.168.123.2", "fd10::/64 fd00:123::2");
        assertEquals(List.of("172.10.0.0/16 192.168.123.3", "fd10::/64 fd00:123::2"),
                RouterComponent.withRoute(entries, RouteEntry.parse("172.10.0.0/16 192.168.123.3")));
        assertEquals(List.of("172.10.0.0/16 192.168.123.2", "fd10::/64 fd00:123::2", "10.9.0.0/24 192.168.123.9"),
                RouterComponent.withRoute(entries, RouteEntry.parse("10.9.0.0/24 192.168.123.9")));
        assertEquals(List.of("172.10.0.0/16 192.168.123.2"),
                RouterComponent.withoutNetwork(entries, org.gost4j.api.device.IpNetwork.parse("fd10::/64")));
    }
}
