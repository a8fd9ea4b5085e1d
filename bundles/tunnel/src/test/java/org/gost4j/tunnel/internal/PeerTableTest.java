package org.gost4j.tunnel.internal;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertSame;

import java.net.InetAddress;
import java.net.InetSocketAddress;

import org.junit.Test;

public class PeerTableTest {

    private final PeerTable table = new PeerTable(2);
    private final InetSocketAddress first = new InetSocketAddress(InetAddress.getLoopbackAddress(), 40000);
    private final InetSocketAddress second = new InetSocketAddress(InetAddress.getLoopbackAddress(), 40001);

    @Test
    public void learnsLooksUpWithAProbeAndLetsARestartedClientTakeOver() {
        IpKey probe = new IpKey().loadSource(Packets.ipv4("192.168.123.2", "192.168.123.1", 0));
        table.learn(probe, first, 1_000);
        probe.loadDestination(Packets.ipv4("192.168.123.1", "192.168.123.2", 0));
        assertSame(first, table.get(probe).address);

        Peer known = table.get(probe);
        table.learn(probe, first, 2_000);
        assertSame("an unchanged peer is touched, not replaced", known, table.get(probe));
        assertEquals(2_000, known.lastSeenMillis);

        table.learn(probe, second, 3_000);
        assertSame(second, table.get(probe).address);
        assertEquals(1, table.size());
        assertNull(table.get(new IpKey().loadDestination(Packets.ipv4("192.168.123.1", "192.168.123.9", 0))));
    }

    @Test
    public void aFullTableRefusesNewPeersButStillUpdatesKnownOnes() {
        IpKey probe = new IpKey();
        assertNotNull(table.learn(probe.loadSource(Packets.ipv4("10.0.0.1", "10.0.0.9", 0)), first, 0));
        assertNotNull(table.learn(probe.loadSource(Packets.ipv4("10.0.0.2", "10.0.0.9", 0)), first, 0));
        assertNull(table.learn(probe.loadSource(Packets.ipv4("10.0.0.3", "10.0.0.9", 0)), first, 0));
        assertNotNull(table.learn(probe.loadSource(Packets.ipv4("10.0.0.2", "10.0.0.9", 0)), second, 0));
        assertSame(second, table.get(probe).address);
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
