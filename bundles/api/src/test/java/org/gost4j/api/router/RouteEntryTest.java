package org.gost4j.api.router;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.fail;

import org.junit.Test;

public class RouteEntryTest {

    @Test
    public void parsesCidrAndGateway() {
        RouteEntry route = RouteEntry.parse(" 172.10.0.0/16   192.168.123.2 ");
        assertEquals("172.10.0.0/16 192.168.123.2", route.toString());
        assertEquals("fd10::/64 fd00:123::2", RouteEntry.parse("fd10::/64 fd00:123::2").toString());
    }

    @Test
    public void rejectsMalformedRoutes() {
        for (String bad : new String[] {"172.10.0.0/16", "172.10.0.0/16 192.168.123.0/24", "a b", "1.2.3.0/24 x y"}) {
            try {
                RouteEntry.parse(bad);
                fail("accepted " + bad);
            } catch (IllegalArgumentException expected) {
                // expected
            }
        }
    }
}
