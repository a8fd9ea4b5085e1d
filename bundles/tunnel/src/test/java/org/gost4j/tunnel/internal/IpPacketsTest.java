package org.gost4j.tunnel.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNull;

import java.nio.ByteBuffer;

import org.junit.Test;

public class IpPacketsTest {

    @Test
    public void acceptsWellFormedPacketsAndCutsTrailingBytes() {
        assertNull(IpPackets.check(Packets.ipv4("10.0.0.1", "10.0.0.2", 8)));
        assertNull(IpPackets.check(Packets.ipv6("fd::1", "fd::2", 8)));
        ByteBuffer padded = ByteBuffer.allocate(40).put(Packets.ipv4("10.0.0.1", "10.0.0.2", 8)).flip().limit(40);
        assertNull(IpPackets.check(padded));
        assertEquals(28, padded.limit());
    }

    @Test
    public void dropsGarbageTruncatedAndInconsistentPackets() {
        assertEquals(DropReason.MALFORMED, IpPackets.check(ByteBuffer.wrap(new byte[] {0x12, 0, 0, 0})));
        assertEquals(DropReason.MALFORMED, IpPackets.check(ByteBuffer.allocate(0)));
        assertEquals(DropReason.TRUNCATED, IpPackets.check(ByteBuffer.wrap(new byte[] {0x45, 0, 0, 20})));
        ByteBuffer shortened = Packets.ipv4("10.0.0.1", "10.0.0.2", 100);
        shortened.limit(60);
        assertEquals(DropReason.TRUNCATED, IpPackets.check(shortened));
        ByteBuffer badHeaderLength = Packets.ipv4("10.0.0.1", "10.0.0.2", 8);
        badHeaderLength.put(0, (byte) 0x44);
        assertEquals(DropReason.MALFORMED, IpPackets.check(badHeaderLength));
        ByteBuffer ipv6 = Packets.ipv6("fd::1", "fd::2", 8);
        ipv6.limit(30);
        assertEquals(DropReason.TRUNCATED, IpPackets.check(ipv6));
    }

    @Test
    public void readsAddressesIntoAProbe() {
        IpKey probe = new IpKey();
        assertEquals("10.0.0.2", probe.loadDestination(Packets.ipv4("10.0.0.1", "10.0.0.2", 0)).toString());
        assertEquals("10.0.0.1", probe.loadSource(Packets.ipv4("10.0.0.1", "10.0.0.2", 0)).toString());
        assertEquals("fd::2", probe.loadDestination(Packets.ipv6("fd::1", "fd::2", 0)).toString());
    }
}
