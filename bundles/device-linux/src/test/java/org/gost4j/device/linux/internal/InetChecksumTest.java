package org.gost4j.device.linux.internal;

import static org.gost4j.device.linux.internal.TcpSegmenterTest.direct;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.HexFormat;
import java.util.Random;

import org.gost4j.support.jna.NativeStructs;
import org.junit.Test;

public class InetChecksumTest {

    @Test
    public void ipv4HeaderChecksumOfTheTextbookExample() {
        // The IPv4 header example whose checksum is 0xb861 (Wikipedia, "Internet checksum").
        ByteBuffer header = direct("450000730000400040110000c0a80001c0a800c7");
        assertEquals(0xb861, InetChecksum.finish(InetChecksum.add(header, 0, 20, 0)));
        assertEquals(0xb861, InetChecksum.finish(InetChecksum.add(header.order(ByteOrder.LITTLE_ENDIAN), 0, 20, 0)));
    }

    @Test
    public void oddLengthsAndEveryAlignmentAgreeWithBytewiseSumming() {
        Random random = new Random(1);
        ByteBuffer b = ByteBuffer.allocateDirect(3000);
        byte[] raw = new byte[3000];
        random.nextBytes(raw);
        b.put(0, raw);
        for (int round = 0; round < 500; round++) {
            int offset = random.nextInt(100);
            int length = random.nextInt(2800);
            int expected = TcpSegmenterTest.onesComplement(b, offset, length, 0);
            assertEquals(expected, InetChecksum.finish(InetChecksum.add(b, offset, length, 0)));
        }
    }

    @Test
    public void theJniSumAgreesWithTheJavaLoopForEveryLengthAndAlignment() {
        assertNull("the JNI library did not load: " + JniTunSyscalls.loadFailure(), JniTunSyscalls.loadFailure());
        Random random = new Random(2);
        ByteBuffer b = ByteBuffer.allocateDirect(70000);
        byte[] raw = new byte[70000];
        random.nextBytes(raw);
        b.put(0, raw);
        long address = NativeStructs.address(b);
        for (int offset = 0; offset < 9; offset++) {
            for (int length = 0; length < 300; length++) {
                assertSameSum(b, address, offset, length);
            }
        }
        for (int round = 0; round < 200; round++) {
            assertSameSum(b, address, random.nextInt(100), random.nextInt(65536));
        }
        b.put(0, new byte[70000]).put(1, (byte) 0xff).put(2, (byte) 0xff).put(3, (byte) 0xff);
        assertSameSum(b, address, 1, 65536); // all ones: the end-around carry
    }

    private static void assertSameSum(ByteBuffer b, long address, int offset, int length) {
        long sum = 0x12345;
        assertEquals(offset + "+" + length, InetChecksum.fold(InetChecksum.add(b, offset, length, sum)),
                InetChecksum.fold(JniTunSyscalls.checksum(address + offset, length) + sum));
        assertEquals(InetChecksum.fold(InetChecksum.add(b, offset, length, sum)),
                InetChecksum.fold(InetChecksum.add(b, address, offset, length, sum)));
    }

    @Test(expected = IndexOutOfBoundsException.class)
    public void theJniSumStaysInsideTheBuffer() {
        ByteBuffer b = ByteBuffer.allocateDirect(1000);
        InetChecksum.add(b, NativeStructs.address(b), 500, 501, 0);
    }

    @Test
    public void completesAPartialUdpChecksum() {
        // UDP 5000 -> 5001 "hello", 10.0.0.1 -> 10.0.0.2; the field holds the pseudo-header sum, as the kernel
        // leaves it with VIRTIO_NET_HDR_F_NEEDS_CSUM. Expected value from an independent script.
        ByteBuffer packet = direct("00000000" + "13881389000d142168656c6c6f");
        assertTrue(VirtioNetHeader.completeChecksum(packet, 0, 4, 13, 0, 6));
        assertEquals("13881389000d80ee68656c6c6f", HexFormat.of().formatHex(TcpSegmenterTest.bytes(packet.position(4))));
    }

    @Test
    public void aZeroResultIsStoredAsAllOnes() {
        // Two bytes that sum to 0xffff with the zero field: the complement is 0, which UDP reserves.
        ByteBuffer packet = direct("0000ffff");
        assertTrue(VirtioNetHeader.completeChecksum(packet, 0, 0, 4, 0, 0));
        assertEquals(0xffff, packet.getShort(0) & 0xffff);
    }

    @Test
    public void refusesOffsetsOutsideThePacket() {
        ByteBuffer packet = direct("13881389000d142168656c6c6f");
        assertFalse(VirtioNetHeader.completeChecksum(packet, 0, 0, 13, 6, 6));
        assertFalse(VirtioNetHeader.completeChecksum(packet, 0, 0, 13, 0, 12));
    }
}
