package org.gost4j.tunnel.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertSame;
import static org.junit.Assert.assertTrue;

import java.net.InetSocketAddress;

import org.junit.Test;

public class MacTableTest {

    private static final InetSocketAddress ONE = new InetSocketAddress("10.0.0.1", 1000);
    private static final InetSocketAddress TWO = new InetSocketAddress("10.0.0.2", 2000);

    @Test
    public void learnsMovesAndKnowsClients() {
        MacTable table = new MacTable(10, 1_000);
        MacKey mac = MacKey.parse("02:00:00:00:00:01");
        assertTrue(table.learn(mac, ONE, 0));
        assertEquals(ONE, table.get(mac).owner);
        assertTrue(table.learn(mac, TWO, 1));
        assertEquals("a MAC seen from elsewhere moves", TWO, table.get(mac).owner);
        assertTrue(table.learn(MacKey.parse("02:00:00:00:00:02"), null, 1));
        assertNull("the device is the owner null", table.get(MacKey.parse("02:00:00:00:00:02")).owner);
        assertEquals(2, table.clients().length);
    }

    @Test
    public void aKnownStationIsOnlyTouched() {
        MacTable table = new MacTable(10, 1_000);
        MacKey probe = MacKey.parse("02:00:00:00:00:01");
        table.learn(probe, ONE, 0);
        MacTable.Station first = table.get(probe);
        InetSocketAddress[] clients = table.clients();
        table.learn(probe, ONE, 500);
        assertSame(first, table.get(probe));
        assertSame("no new client snapshot", clients, table.clients());
        assertEquals(500, first.lastSeenMillis);
    }

    @Test
    public void isBoundedButKnownMacsStillLearn() {
        MacTable table = new MacTable(2, 1_000);
        assertTrue(table.learn(MacKey.parse("02:00:00:00:00:01"), ONE, 0));
        assertTrue(table.learn(MacKey.parse("02:00:00:00:00:02"), ONE, 0));
        assertFalse(table.learn(MacKey.parse("02:00:00:00:00:03"), TWO, 0));
        assertEquals(2, table.size());
        assertEquals("a refused frame does not make its sender a client", 1, table.clients().length);
        assertTrue(table.learn(MacKey.parse("02:00:00:00:00:01"), TWO, 0));
    }

    @Test
    public void entriesAgeOut() {
        MacTable table = new MacTable(2, 1_000);
        table.learn(MacKey.parse("02:00:00:00:00:01"), ONE, 0);
        table.learn(MacKey.parse("02:00:00:00:00:02"), TWO, 800);
        assertEquals(0, table.expire(1_000));
        assertEquals(1, table.expire(1_001));
        assertNull(table.get(MacKey.parse("02:00:00:00:00:01")));
        assertEquals(1, table.clients().length);
        assertEquals(TWO, table.clients()[0]);
        assertTrue("room again", table.learn(MacKey.parse("02:00:00:00:00:03"), ONE, 1_001));
        assertEquals(1, table.describe(1_001).length - 1);
    }
}
