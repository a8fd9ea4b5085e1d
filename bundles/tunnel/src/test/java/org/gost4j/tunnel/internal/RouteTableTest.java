package org.gost4j.tunnel.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNull;

import java.util.List;

import org.gost4j.api.router.RouteEntry;
import org.junit.Test;

public class RouteTableTest {

    @Test
    public void longestPrefixWinsWithinOneAddressFamily() {
        RouteTable table = new RouteTable(List.of(RouteEntry.parse("172.10.0.0/16 192.168.123.2"),
                RouteEntry.parse("172.10.5.0/24 192.168.123.3"), RouteEntry.parse("::/0 fd::9"),
                RouteEntry.parse("0.0.0.0/0 192.168.123.4")));
        IpKey probe = new IpKey();
        assertEquals("192.168.123.3", table.gatewayFor(probe.loadDestination(Packets.ipv4("1.1.1.1", "172.10.5.9", 0))).toString());
        assertEquals("192.168.123.2", table.gatewayFor(probe.loadDestination(Packets.ipv4("1.1.1.1", "172.10.6.9", 0))).toString());
        assertEquals("192.168.123.4", table.gatewayFor(probe.loadDestination(Packets.ipv4("1.1.1.1", "8.8.8.8", 0))).toString());
        assertEquals("fd::9", table.gatewayFor(probe.loadDestination(Packets.ipv6("fd::1", "fe::1", 0))).toString());
        assertNull(RouteTable.EMPTY.gatewayFor(probe));
    }
}
