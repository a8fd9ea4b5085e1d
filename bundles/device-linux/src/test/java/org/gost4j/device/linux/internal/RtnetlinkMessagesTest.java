package org.gost4j.device.linux.internal;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNull;

import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.HexFormat;

import org.gost4j.api.device.IpNetwork;
import org.junit.Assume;
import org.junit.BeforeClass;
import org.junit.Test;

/** Byte-exact checks of the rtnetlink encoding against the layouts in the Linux UAPI headers. */
public class RtnetlinkMessagesTest {

    @BeforeClass
    public static void littleEndianHost() {
        // The expected bytes below are written for little-endian hosts (x86-64, aarch64).
        Assume.assumeTrue(ByteOrder.nativeOrder() == ByteOrder.LITTLE_ENDIAN);
    }

    @Test
    public void setMtuAndUp() {
        assertBytes(""
                + "28000000" + "1000" + "0500" + "01000000" + "00000000" // nlmsghdr: len 40, RTM_NEWLINK, REQUEST|ACK, seq 1
                + "00" + "00" + "0000" + "07000000" + "01000000" + "01000000" // ifinfomsg: UNSPEC, index 7, IFF_UP/IFF_UP
                + "0800" + "0400" + "46050000", // IFLA_MTU 1350
                RtnetlinkMessages.setMtuAndUp(1, 7, 1350));
    }

    @Test
    public void newIpv4Address() throws Exception {
        assertBytes(""
                + "28000000" + "1400" + "0506" + "02000000" + "00000000" // len 40, RTM_NEWADDR, REQUEST|ACK|EXCL|CREATE, seq 2
                + "02" + "18" + "00" + "00" + "03000000" // ifaddrmsg: AF_INET, /24, no flags, universe, index 3
                + "0800" + "0200" + "0a4d0001" // IFA_LOCAL 10.77.0.1
                + "0800" + "0100" + "0a4d0001", // IFA_ADDRESS 10.77.0.1
                RtnetlinkMessages.newAddress(2, 3, net("10.77.0.1", 24)));
    }

    @Test
    public void newIpv6AddressWithoutDad() throws Exception {
        assertBytes(""
                + "34000000" + "1400" + "0506" + "03000000" + "00000000" // len 52
                + "0a" + "40" + "02" + "00" + "03000000" // AF_INET6, /64, IFA_F_NODAD, universe, index 3
                + "1400" + "0100" + "fd770000000000000000000000000001" // IFA_ADDRESS fd77::1
                + "0800" + "0800" + "02000000", // IFA_FLAGS NODAD
                RtnetlinkMessages.newAddress(3, 3, net("fd77::1", 64)));
    }

    @Test
    public void newIpv4RouteClearsHostBits() throws Exception {
        assertBytes(""
                + "2c000000" + "1800" + "0506" + "04000000" + "00000000" // len 44, RTM_NEWROUTE
                + "02" + "10" + "00" + "00" + "fe" + "04" + "fd" + "01" + "00000000" // AF_INET, /16, main, static, link, unicast
                + "0800" + "0100" + "ac140000" // RTA_DST 172.20.0.0
                + "0800" + "0400" + "09000000", // RTA_OIF 9
                RtnetlinkMessages.newRoute(4, 9, net("172.20.3.4", 16)));
    }

    @Test
    public void newIpv4RouteViaAGateway() throws Exception {
        assertBytes(""
                + "34000000" + "1800" + "0506" + "06000000" + "00000000" // len 52, RTM_NEWROUTE
                + "02" + "10" + "00" + "00" + "fe" + "04" + "00" + "01" + "00000000" // /16, universe scope
                + "0800" + "0100" + "ac1e0000" // RTA_DST 172.30.0.0
                + "0800" + "0400" + "09000000" // RTA_OIF 9
                + "0800" + "0500" + "c0a87c01", // RTA_GATEWAY 192.168.124.1
                RtnetlinkMessages.newRoute(6, 9, net("172.30.0.0", 16),
                        java.net.InetAddress.getByName("192.168.124.1")));
    }

    @Test
    public void newIpv6Route() throws Exception {
        assertBytes(""
                + "38000000" + "1800" + "0506" + "05000000" + "00000000" // len 56
                + "0a" + "30" + "00" + "00" + "fe" + "04" + "fd" + "01" + "00000000" // AF_INET6, /48
                + "1400" + "0100" + "fd780001000000000000000000000000" // RTA_DST fd78:1::/48
                + "0800" + "0400" + "09000000",
                RtnetlinkMessages.newRoute(5, 9, net("fd78:1:0:ff::1", 48)));
    }

    @Test
    public void extendedAckSkipsPaddedAttributes() {
        ByteBuffer ack = fixLength(hex(""
                + "00000000" + "0200" + "0003" + "02000000" + "00000000" // NLMSG_ERROR, CAPPED|ACK_TLVS
                + "efffffff" // error -17
                + "28000000" + "1400" + "0506" + "02000000" + "00000000" // echoed header only (capped)
                + "0900" + "0300" + "0102030405" + "000000" // a 5-byte cookie, padded to 12
                + "0900" + "0100" + "6f6f707300" + "000000")); // NLMSGERR_ATTR_MSG "oops"
        RtnetlinkMessages.Ack decoded = RtnetlinkMessages.decodeAck(ack);
        assertEquals(17, decoded.errno());
        assertEquals("oops", decoded.kernelMessage());
    }

    @Test
    public void plainAck() {
        ByteBuffer ack = hex(""
                + "24000000" + "0200" + "0001" + "07000000" + "00000000" // NLMSG_ERROR, CAPPED
                + "00000000" // error 0
                + "28000000" + "1000" + "0500" + "07000000" + "00000000");
        RtnetlinkMessages.Ack decoded = RtnetlinkMessages.decodeAck(ack);
        assertEquals(0, decoded.errno());
        assertNull(decoded.kernelMessage());
    }

    @Test
    public void errorWithFullEchoedRequestAndMessage() {
        String request = "28000000" + "1000" + "0500" + "01000000" + "00000000"
                + "00000000" + "07000000" + "01000000" + "01000000" + "0800" + "0400" + "46050000";
        String attribute = "1400" + "0100" + "4d545520746f6f20736d616c6c00" + "0000"; // "MTU too small", len 20
        ByteBuffer ack = fixLength(hex("00000000" + "0200" + "0002" + "01000000" + "00000000"
                + "eaffffff" + request + attribute));
        RtnetlinkMessages.Ack decoded = RtnetlinkMessages.decodeAck(ack);
        assertEquals(22, decoded.errno());
        assertEquals("MTU too small", decoded.kernelMessage());
    }

    @Test
    public void networkBytesClearHostBits() throws Exception {
        assertArrayEquals(new byte[] {10, 77, 0, 0}, RtnetlinkMessages.networkBytes(net("10.77.1.2", 17)));
        assertArrayEquals(new byte[] {10, 77, (byte) 0x80, 0}, RtnetlinkMessages.networkBytes(net("10.77.255.2", 17)));
        assertArrayEquals(new byte[] {10, 77, 1, 2}, RtnetlinkMessages.networkBytes(net("10.77.1.2", 32)));
        assertArrayEquals(new byte[4], RtnetlinkMessages.networkBytes(net("10.77.1.2", 0)));
    }

    static IpNetwork net(String address, int prefix) throws Exception {
        return new IpNetwork(InetAddress.getByName(address), prefix);
    }

    private static void assertBytes(String expectedHex, ByteBuffer actual) {
        byte[] bytes = new byte[actual.remaining()];
        actual.duplicate().get(bytes);
        assertEquals(expectedHex, HexFormat.of().formatHex(bytes));
        assertEquals("nlmsg_len equals the buffer length", bytes.length,
                actual.duplicate().order(ByteOrder.LITTLE_ENDIAN).getInt(actual.position()));
        assertEquals("messages end on a 4-byte boundary", 0, bytes.length % 4);
    }

    private static ByteBuffer hex(String hex) {
        return ByteBuffer.wrap(HexFormat.of().parseHex(hex)).order(ByteOrder.LITTLE_ENDIAN);
    }

    private static ByteBuffer fixLength(ByteBuffer message) {
        return message.putInt(0, message.remaining());
    }
}
