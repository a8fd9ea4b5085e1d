package org.gost4j.chain.relay.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import org.junit.Test;

public class NodeSettingsTest {

    @Test
    public void parsesAFullNode() {
        NodeSettings node = NodeSettings.parse("relay+wss://us%40er:p%3Ass@10.0.0.1:8443?path=/relay&secure=false&serverName=vpn.example");
        assertTrue(node.tls());
        assertEquals("10.0.0.1", node.host());
        assertEquals(8443, node.port());
        assertEquals("us@er", node.username());
        assertEquals("p:ss", node.password());
        assertEquals("/relay", node.path());
        assertFalse(node.secure());
        assertEquals("vpn.example", node.tlsName());
        assertEquals("wss://10.0.0.1:8443/relay", node.webSocketUri().toString());
        assertFalse(node.toString().contains("p:ss"));
    }

    /** Go's url.Parse keeps a '+' in the user info (only a query reads it as a space): GOST sends "a+b". */
    @Test
    public void aPlusInTheUserInfoIsAPlus() {
        NodeSettings node = NodeSettings.parse("relay+tls://u+1:a+b%20c@10.0.0.1:443");
        assertEquals("u+1", node.username());
        assertEquals("a+b c", node.password());
    }

    @Test
    public void defaultsAreGostsPathAndACheckedCertificate() {
        NodeSettings node = NodeSettings.parse("relay+wss://[fd00::1]:443");
        assertEquals("fd00::1", node.host());
        assertEquals("/ws", node.path());
        assertTrue(node.secure());
        assertNull(node.username());
        assertEquals("wss://[fd00::1]:443/ws", node.webSocketUri().toString());
        assertFalse(NodeSettings.parse("relay+ws://h:80").tls());
    }

    @Test
    public void relayTlsAndTheNextHopsAddressAsGostWritesIt() {
        NodeSettings tls = NodeSettings.parse("relay+tls://bob:pw@10.0.0.1:443?secure=false");
        assertTrue(tls.tls());
        assertFalse(tls.websocket());
        assertEquals("relay+tls://bob:***@10.0.0.1:443", tls.toString());
        assertEquals(RelayProtocol.ATYP_IPV4, tls.relayAddress().type());
        assertEquals(RelayProtocol.ATYP_IPV6, NodeSettings.parse("relay+ws://[fd00::2]:80").relayAddress().type());
        NodeSettings named = NodeSettings.parse("relay+wss://SERVER_IP:8443");
        assertEquals("SERVER_IP", named.host());
        assertEquals(RelayProtocol.ATYP_DOMAIN, named.relayAddress().type());
        assertEquals("SERVER_IP:8443", named.relayAddress().toString());
    }

    @Test
    public void anUnknownOptionListsTheKnownOnesInOrder() {
        try {
            NodeSettings.parse("relay+tls://h:1?verify=no");
            fail("accepted verify=no");
        } catch (IllegalArgumentException e) {
            assertEquals("unknown chain node option 'verify' (known: path, secure, serverName, caFile)", e.getMessage());
        }
    }

    @Test
    public void refusesWhatItCannotUseWithoutShowingThePassword() {
        for (String bad : new String[] {"socks5://h:1", "relay+wss://h", "relay+wss://u:secret@h:1?bogus=1",
                "relay+wss://u:secret@h:1?secure=maybe", "relay+wss://u:sec ret@h:1", "relay+wss://h:1?path=x",
                "relay+tls://u:secret@h:1?path=/ws", "relay+quic://u:secret@h:1"}) {
            try {
                NodeSettings.parse(bad);
                fail("accepted " + bad);
            } catch (IllegalArgumentException e) {
                assertFalse(e.getMessage(), e.getMessage().contains("secret"));
            }
        }
    }
}
