package org.gost4j.router.internal;

import static org.junit.Assert.assertEquals;

import java.util.List;

import org.gost4j.api.device.IpNetwork;
import org.gost4j.api.router.RouteEntry;
import org.junit.Test;

public class RouterManagementTest {

    @Test
    public void managementReplacesAndRemovesRoutesByNetwork() {
        List<String> entries = List.of("172.10.0.0/16 192.168.123.2", "fd10::/64 fd00:123::2");
        assertEquals(List.of("172.10.0.0/16 192.168.123.3", "fd10::/64 fd00:123::2"),
                RouterManagement.withRoute(entries, RouteEntry.parse("172.10.0.0/16 192.168.123.3")));
        assertEquals(List.of("172.10.0.0/16 192.168.123.2", "fd10::/64 fd00:123::2", "10.9.0.0/24 192.168.123.9"),
                RouterManagement.withRoute(entries, RouteEntry.parse("10.9.0.0/24 192.168.123.9")));
        assertEquals(List.of("172.10.0.0/16 192.168.123.2"),
                RouterManagement.withoutNetwork(entries, IpNetwork.parse("fd10::/64")));
    }
}
