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
    public void loadedLinesBecomeRoutesInOrderAndBadOnesAreSkippedOnce() {
        java.util.List<String> warnings = new java.util.ArrayList<>();
        org.gost4j.support.loader.BadEntries bad = new org.gost4j.support.loader.BadEntries("router r", warnings::add);
        org.gost4j.support.loader.Source file = new org.gost4j.support.loader.Source() {
            @Override
            public String describe() {
                return "file routes.txt";
            }

            @Override
            public List<String> load() {
                return List.of();
            }
        };
        List<org.gost4j.support.loader.ReloadingLoader.Loaded> loaded = List.of(
                new org.gost4j.support.loader.ReloadingLoader.Loaded(file, List.of("# routes",
                        "10.1.0.0/16\t192.168.123.2  # office", "not a route", "10.2.0.0/16 192.168.123.0/24")));
        List<RouteEntry> routes = RouterComponent.parseLoaded(loaded, bad);
        assertEquals(List.of(RouteEntry.parse("10.1.0.0/16 192.168.123.2")), routes);
        assertEquals(2, warnings.size());
        assertEquals(true, warnings.get(0).contains("'not a route' from file routes.txt"));
        RouterComponent.parseLoaded(loaded, bad);
        assertEquals("reported once", 2, warnings.size());
    }
}
