package org.gost4j.chain.relay.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.net.InetAddress;
import java.net.InetSocketAddress;

import org.junit.Test;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.buffer.UnpooledByteBufAllocator;

/** Byte-exact vectors, written by hand from go-gost/relay's encoding (relay.go, feature.go). */
public class RelayCodecTest {

    /** What GOST's relay connector sends for a tun client's "udp" dial to ":8421" as user/pass. */
    private static final String UDP_CONNECT_WITH_AUTH =
            "01" + "81" + "0014"                      // version 1, CONNECT|FUDP, 20 bytes of features
            + "01" + "000a" + "04" + "75736572" + "04" + "70617373"  // user auth: "user" / "pass"
            + "02" + "0004" + "03" + "00" + "20e5";   // address: domain, empty host, port 8421

    private static final String UDP_CONNECT_IPV4 =
            "01" + "81" + "000a" + "02" + "0007" + "01" + "0ac80001" + "20e5"; // 10.200.0.1:8421

    @Test
    public void encodesAUdpConnectWithUserAndEmptyHostAsGostDoes() {
        RelayRequest request = new RelayRequest(0x81, "user", "pass",
                RelayAddress.of(new InetSocketAddress(8421)), RelayRequest.NO_NETWORK);
        assertEquals(UDP_CONNECT_WITH_AUTH, hex(request::encode));
    }

    @Test
    public void encodesAnIpv4AndAnIpv6Target() throws Exception {
        RelayRequest v4 = new RelayRequest(0x81, null, null,
                RelayAddress.of(new InetSocketAddress(InetAddress.getByName("10.200.0.1"), 8421)), -1);
        assertEquals(UDP_CONNECT_IPV4, hex(v4::encode));
        RelayRequest v6 = new RelayRequest(0x81, null, null,
                RelayAddress.of(new InetSocketAddress(InetAddress.getByName("fd00::1"), 53)), -1);
        assertEquals("01810016" + "020013" + "04" + "fd000000000000000000000000000001" + "0035", hex(v6::encode));
    }

    @Test
    public void decodesWhatItEncodes() throws Exception {
        RelayRequest request = RelayRequest.decode(buffer(UDP_CONNECT_WITH_AUTH));
        assertEquals(0x81, request.command());
        assertTrue(request.isUdp());
        assertEquals(RelayProtocol.CMD_CONNECT, request.commandCode());
        assertEquals("user", request.username());
        assertEquals("pass", request.password());
        assertEquals("", request.address().host());
        assertEquals(8421, request.address().port());
        assertEquals(new InetSocketAddress(InetAddress.getLoopbackAddress(), 8421), request.address().toTarget());
        assertEquals("10.200.0.1:8421", RelayRequest.decode(buffer(UDP_CONNECT_IPV4)).address().toString());
    }

    @Test
    public void passwordNeverInToString() throws Exception {
        assertTrue(!RelayRequest.decode(buffer(UDP_CONNECT_WITH_AUTH)).toString().contains("pass"));
    }

    @Test
    public void aPartialRequestWaitsForMoreAndConsumesNothing() throws Exception {
        for (int cut = 0; cut < UDP_CONNECT_WITH_AUTH.length() / 2; cut++) {
            ByteBuf partial = buffer(UDP_CONNECT_WITH_AUTH.substring(0, 2 * cut));
            assertNull("cut at " + cut, RelayRequest.decode(partial));
            assertEquals(0, partial.readerIndex());
        }
    }

    @Test
    public void aBadVersionIsRefusedFromItsFirstByte() {
        assertStatus(RelayProtocol.STATUS_BAD_REQUEST, "02");
        assertStatus(RelayProtocol.STATUS_BAD_REQUEST, "05810000");
    }

    @Test
    public void malformedFeaturesAreBadRequests() {
        assertStatus(RelayProtocol.STATUS_BAD_REQUEST, "01810002" + "0100");            // truncated feature header
        assertStatus(RelayProtocol.STATUS_BAD_REQUEST, "01810004" + "020009" + "03");   // feature longer than request
        assertStatus(RelayProtocol.STATUS_BAD_REQUEST, "01810007" + "020004" + "09000000"); // bad address type
        assertStatus(RelayProtocol.STATUS_BAD_REQUEST, "01810004" + "090001" + "00");   // unknown feature
        assertStatus(RelayProtocol.STATUS_BAD_REQUEST, "01810005" + "010002" + "0561"); // user name runs past
    }

    @Test
    public void responses() throws Exception {
        assertEquals("01000000", hex(out -> RelayRequest.encodeResponse(RelayProtocol.STATUS_OK, out)));
        assertEquals("01020000", hex(out -> RelayRequest.encodeResponse(RelayProtocol.STATUS_UNAUTHORIZED, out)));
        ByteBuf withFeature = buffer("01000007" + "020004" + "03002" + "0e5" + "0003aabbcc");
        assertEquals(0, RelayRequest.decodeResponse(withFeature));
        assertEquals("0003aabbcc", ByteBufUtil.hexDump(withFeature));
        assertEquals(-1, RelayRequest.decodeResponse(buffer("010000")));
    }

    @Test
    public void datagramsAreLengthPrefixed() {
        ByteBuf framed = RelayStreamHandler.frameDatagram(buffer("aabbcc"), UnpooledByteBufAllocator.DEFAULT);
        assertEquals("0003aabbcc", ByteBufUtil.hexDump(framed));
        ByteBuf stream = buffer("0003aabbcc" + "0002dd");
        assertEquals("aabbcc", ByteBufUtil.hexDump(RelayStreamHandler.readDatagram(stream,
                UnpooledByteBufAllocator.DEFAULT)));
        assertNull(RelayStreamHandler.readDatagram(stream, UnpooledByteBufAllocator.DEFAULT));
        assertEquals("0002dd", ByteBufUtil.hexDump(stream)); // a truncated datagram stays until the rest comes
    }

    private static void assertStatus(int status, String hex) {
        try {
            RelayRequest.decode(buffer(hex));
            fail("accepted " + hex);
        } catch (RelayException e) {
            assertEquals(hex + ": " + e.getMessage(), status, e.status());
        }
    }

    private interface Encoder {
        void encode(ByteBuf out);
    }

    private static String hex(Encoder encoder) {
        ByteBuf out = Unpooled.buffer();
        encoder.encode(out);
        return ByteBufUtil.hexDump(out);
    }

    private static ByteBuf buffer(String hex) {
        return Unpooled.wrappedBuffer(ByteBufUtil.decodeHexDump(hex));
    }
}
