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
}
