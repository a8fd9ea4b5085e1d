package org.gost4j.tunnel.internal;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertSame;
import static org.junit.Assert.assertTrue;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;

import org.gost4j.tunnel.internal.PeerTable.Learned;
import org.junit.Test;

public class PeerTableTest {

    private static final long REFRESH = 10_000;

    private final List<String> evicted = new ArrayList<>();
    private final PeerTable table = new PeerTable(2, 64, 256, REFRESH, evicted::add);
    private final InetSocketAddress first = new InetSocketAddress(InetAddress.getLoopbackAddress(), 40000);
    private final InetSocketAddress second = new InetSocketAddress(InetAddress.getLoopbackAddress(), 40001);

    private static IpKey ip(String address) {
        return new IpKey().loadSource(Packets.ipv4(address, "10.0.0.254", 0));
    }

    private static InetSocketAddress from(String host, int port) throws Exception {
        return new InetSocketAddress(InetAddress.getByName(host), port);
    }

    @Test
    public void learnsLooksUpWithAProbeAndLetsARestartedClientTakeOver() {
        IpKey probe = new IpKey().loadSource(Packets.ipv4("192.168.123.2", "192.168.123.1", 0));
        assertEquals(Learned.ADDED, table.learn(probe, first, 1_000));
        probe.loadDestination(Packets.ipv4("192.168.123.1", "192.168.123.2", 0));
        assertSame(first, table.get(probe).address);

        Peer known = table.get(probe);
        assertEquals(Learned.KNOWN, table.learn(probe, first, 2_000));
        assertSame("an unchanged peer is touched, not replaced", known, table.get(probe));
        assertEquals(2_000, known.lastSeenMillis);

        assertEquals(Learned.ADDED, table.learn(probe, second, 3_000));
        assertSame(second, table.get(probe).address);
        assertEquals(1, table.size());
        assertNull("the old address owns nothing any more", table.sender(first));
        assertNull(table.get(new IpKey().loadDestination(Packets.ipv4("192.168.123.1", "192.168.123.9", 0))));
    }

    @Test
    public void aFullTableOfRecentPeersRefusesNewcomersButStillUpdatesKnownOnes() {
        assertEquals(Learned.ADDED, table.learn(ip("10.0.0.1"), first, 0));
        assertEquals(Learned.ADDED, table.learn(ip("10.0.0.2"), first, 0));
        assertEquals(Learned.TABLE_FULL, table.learn(ip("10.0.0.3"), second, REFRESH));
        assertEquals(Learned.ADDED, table.learn(ip("10.0.0.2"), second, REFRESH));
        assertSame(second, table.get(ip("10.0.0.2")).address);
        assertTrue(evicted.isEmpty());
    }

    @Test
    public void aNewcomerTakesThePlaceOfThePeerSilentLongest() throws Exception {
        InetSocketAddress third = from("127.0.0.3", 40000);
        assertEquals(Learned.ADDED, table.learn(ip("10.0.0.1"), first, 0));
        assertEquals(Learned.ADDED, table.learn(ip("10.0.0.2"), second, 5_000));
        assertEquals(Learned.ADDED, table.learn(ip("10.0.0.3"), third, REFRESH + 1));
        assertNull("the stalest peer went, with its tunnel IP", table.get(ip("10.0.0.1")));
        assertNull(table.sender(first));
        assertNotNull(table.get(ip("10.0.0.2")));
        assertEquals(List.of("127.0.0.1:40000 [10.0.0.1], silent for " + (REFRESH + 1) + " ms"), evicted);
    }

    @Test
    public void oneHostCannotTakeMoreThanItsShareWhateverPortsItUses() throws Exception {
        PeerTable big = new PeerTable(4096, 64, 256, REFRESH, evicted::add);
        int recorded = 0;
        for (int port = 1; port <= 64; port++) {
            InetSocketAddress sender = from("10.9.0.66", port);
            for (int i = 0; i < 64; i++) {
                if (big.learn(ip("172.16." + port + "." + i), sender, 0) == Learned.ADDED) {
                    recorded++;
                }
            }
        }
        assertEquals(256, recorded);
        assertEquals(Learned.SOURCE_LIMIT, big.learn(ip("172.17.0.1"), from("10.9.0.66", 9999), 0));
        assertEquals("another host still gets in", Learned.ADDED,
                big.learn(ip("192.168.123.2"), from("10.9.0.2", 40000), 0));
    }

    @Test
    public void oneUdpAddressOwnsAtMostItsShareOfTunnelIps() throws Exception {
        PeerTable big = new PeerTable(4096, 3, 256, REFRESH, evicted::add);
        for (int i = 1; i <= 3; i++) {
            assertEquals(Learned.ADDED, big.learn(ip("10.0.0." + i), first, 0));
        }
        assertEquals(Learned.SOURCE_LIMIT, big.learn(ip("10.0.0.4"), first, 0));
        assertEquals("a client at its limit still moves to a new port", Learned.ADDED,
                big.learn(ip("10.0.0.1"), second, 0));
    }

    @Test
    public void expiredAndRemovedPeersGiveTheirShareBack() throws Exception {
        PeerTable small = new PeerTable(4096, 64, 2, REFRESH, evicted::add);
        InetSocketAddress a = from("10.9.0.66", 1);
        assertEquals(Learned.ADDED, small.learn(ip("10.0.0.1"), a, 0));
        assertEquals(Learned.ADDED, small.learn(ip("10.0.0.2"), from("10.9.0.66", 2), 100));
        assertEquals(Learned.SOURCE_LIMIT, small.learn(ip("10.0.0.3"), from("10.9.0.66", 3), 100));
        assertEquals(1, small.expire(50).size());
        assertEquals(Learned.ADDED, small.learn(ip("10.0.0.3"), from("10.9.0.66", 3), 100));
        assertTrue(small.remove(ip("10.0.0.2")));
        assertEquals(Learned.ADDED, small.learn(ip("10.0.0.4"), from("10.9.0.66", 4), 100));
    }

    @Test
    public void storedKeysDoNotChangeWhenTheProbeIsReloaded() {
        IpKey probe = new IpKey().loadSource(Packets.ipv6("fd::2", "fd::1", 0));
        table.learn(probe, first, 0);
        probe.loadSource(Packets.ipv6("fd::3", "fd::1", 0));
        assertNull(table.get(probe));
        assertArrayEquals(new String[] {"fd::2 127.0.0.1:40000 5ms"}, table.describe(5));
    }
}
