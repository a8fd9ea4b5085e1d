package org.gost4j.tunnel.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;

import java.nio.ByteBuffer;

import org.junit.Test;

public class EthernetFramesTest {

    private static final String A = "02:00:00:00:00:0a";
    private static final String B = "02:00:00:00:00:0b";

    @Test
    public void acceptsFramesUpToTheMtuPlusTheHeader() {
        assertNull(EthernetFrames.check(ByteBuffer.wrap(Frames.frame(B, A, 0)), 1350));
        assertNull(EthernetFrames.check(ByteBuffer.wrap(Frames.frame(B, A, 1350)), 1350));
        assertEquals(DropReason.OVERSIZED, EthernetFrames.check(ByteBuffer.wrap(Frames.frame(B, A, 1351)), 1350));
    }

    @Test
    public void aVlanTagMayAddFourBytes() {
        byte[] tagged = Frames.frame(B, A, 1354);
        ByteBuffer.wrap(tagged).putShort(12, (short) 0x8100);
        assertNull(EthernetFrames.check(ByteBuffer.wrap(tagged), 1350));
        ByteBuffer longer = ByteBuffer.wrap(Frames.frame(B, A, 1355)).putShort(12, (short) 0x8100);
        assertEquals(DropReason.OVERSIZED, EthernetFrames.check(longer.clear(), 1350));
    }

    @Test
    public void shortFramesAndGroupOrZeroSourcesAreRejected() {
        assertEquals(DropReason.TRUNCATED, EthernetFrames.check(ByteBuffer.allocate(13), 1350));
        assertEquals(DropReason.MALFORMED,
                EthernetFrames.check(ByteBuffer.wrap(Frames.frame(B, "ff:ff:ff:ff:ff:ff", 10)), 1350));
        assertEquals(DropReason.MALFORMED,
                EthernetFrames.check(ByteBuffer.wrap(Frames.frame(B, "01:00:5e:00:00:01", 10)), 1350));
        assertEquals(DropReason.MALFORMED,
                EthernetFrames.check(ByteBuffer.wrap(Frames.frame(B, "00:00:00:00:00:00", 10)), 1350));
    }

    @Test
    public void groupBitMarksBroadcastAndMulticast() {
        assertTrue(EthernetFrames.isGroup(ByteBuffer.wrap(Frames.mac("ff:ff:ff:ff:ff:ff")), 0));
        assertTrue(EthernetFrames.isGroup(ByteBuffer.wrap(Frames.mac("33:33:ff:00:00:01")), 0));
        assertFalse(EthernetFrames.isGroup(ByteBuffer.wrap(Frames.mac(A)), 0));
    }

    @Test
    public void macKeysLoadFromFramesAndPrint() {
        MacKey probe = new MacKey().load(ByteBuffer.wrap(Frames.frame(B, "a2:b3:c4:d5:e6:f7", 0)), 6);
        assertEquals("a2:b3:c4:d5:e6:f7", probe.toString());
        assertEquals(MacKey.parse("a2:b3:c4:d5:e6:f7"), probe.copy());
    }
}
