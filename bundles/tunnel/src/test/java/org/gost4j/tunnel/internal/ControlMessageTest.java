package org.gost4j.tunnel.internal;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.HexFormat;
import java.util.List;

import org.junit.Test;

/** Byte-exact vectors of GOST v3's handler/tun control messages. */
public class ControlMessageTest {

    private static final HexFormat HEX = HexFormat.of();

    @Test
    public void registrationWithPassphraseAndOneIpv4Address() throws Exception {
        ByteBuffer message = ControlMessage.registration("userpass1",
                List.of(IpKey.of(InetAddress.getByName("192.168.123.2"))));
        assertEquals("474f5354" + "75736572706173733100000000000000" + "00000000000000000000ffffc0a87b02",
                hex(message));
    }

    @Test
    public void registrationWithoutPassphraseAndTwoAddresses() throws Exception {
        ByteBuffer message = ControlMessage.registration("", List.of(IpKey.of(InetAddress.getByName("10.0.0.2")),
                IpKey.of(InetAddress.getByName("fd::2"))));
        assertEquals("474f5354" + "00".repeat(16) + "00000000000000000000ffff0a000002"
                + "00fd0000000000000000000000000002", hex(message));
        assertEquals(2, ControlMessage.addressCount(message));
        assertEquals("fd::2", ControlMessage.address(message, 1).toString());
    }

    @Test
    public void passphraseIsCutTo16Bytes() {
        assertArrayEquals(ControlMessage.keyField("0123456789abcdef"), ControlMessage.keyField("0123456789abcdefXYZW"));
        assertEquals("0123456789abcdef", ControlMessage.key(ControlMessage.registration("0123456789abcdefXYZW",
                List.of(new IpKey()))));
    }

    @Test
    public void keyIsReadWithoutItsPadding() {
        ByteBuffer message = ByteBuffer.wrap(HEX.parseHex("474f5354" + "75736572706173733100000000000000"
                + "00000000000000000000ffffc0a87b02"));
        assertTrue(ControlMessage.isRegistration(message));
        assertEquals("userpass1", ControlMessage.key(message));
        assertEquals("192.168.123.2", ControlMessage.address(message, 0).toString());
    }

    @Test
    public void replyCarriesTheClientsUdpAddressIpv4Mapped() throws Exception {
        ByteBuffer reply = ControlMessage.reply(new InetSocketAddress(InetAddress.getByName("10.200.0.2"), 40000));
        assertEquals("474f5354" + "00000000000000000000ffff0ac80002", hex(reply));
    }

    @Test
    public void lengthsThatAreNotWholeAddressesAreRejected() {
        assertEquals(-1, ControlMessage.addressCount(ByteBuffer.wrap(HEX.parseHex("474f5354" + "00".repeat(16) + "00"))));
        assertEquals(-1, ControlMessage.addressCount(ByteBuffer.wrap(HEX.parseHex("474f5354" + "00".repeat(31)))));
        assertFalse("20 bytes is a reply, not a registration",
                ControlMessage.isRegistration(ByteBuffer.wrap(HEX.parseHex("474f5354" + "00".repeat(16)))));
        assertFalse(ControlMessage.isRegistration(ByteBuffer.wrap(HEX.parseHex("45000014" + "00".repeat(32)))));
    }

    private static String hex(ByteBuffer buffer) {
        byte[] bytes = new byte[buffer.remaining()];
        buffer.duplicate().get(bytes);
        return HEX.formatHex(bytes);
    }
}
