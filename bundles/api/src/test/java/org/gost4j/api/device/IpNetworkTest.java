package org.gost4j.api.device;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import org.junit.Test;

public class IpNetworkTest {

    @Test
    public void parsesIpv4AndIpv6() {
        IpNetwork v4 = IpNetwork.parse("192.168.123.1/24");
        assertEquals("192.168.123.1/24", v4.toString());
        assertFalse(v4.isIpv6());
        IpNetwork v6 = IpNetwork.parse("fd::2/64");
        assertEquals(64, v6.prefixLength());
        assertTrue(v6.isIpv6());
        assertEquals(32, IpNetwork.parse("10.0.0.1").prefixLength());
        assertEquals(128, IpNetwork.parse("::1").prefixLength());
    }

    @Test
    public void rejectsNamesBadPrefixesAndGarbage() {
        for (String bad : new String[] {"example.com/24", "10.0.0.1/33", "fd::1/129", "10.0.0.1/x", "", "/24",
                "10.0.0.256/24"}) {
            try {
                IpNetwork.parse(bad);
                fail("accepted " + bad);
            } catch (IllegalArgumentException expected) {
                assertTrue(expected.getMessage(), expected.getMessage().contains(bad.isEmpty() ? "''" : bad));
            }
        }
    }

    @Test
    public void formatsAsGoDoes() throws Exception {
        assertEquals("fd00:123::2", IpNetwork.format(java.net.InetAddress.getByName("fd00:123:0:0:0:0:0:2")));
        assertEquals("::", IpNetwork.format(java.net.InetAddress.getByName("::")));
        assertEquals("1:0:2::3", IpNetwork.format(java.net.InetAddress.getByName("1:0:2:0:0:0:0:3")));
        assertEquals("1:0:0:2::3", IpNetwork.format(java.net.InetAddress.getByName("1:0:0:2:0:0:0:3")));
        assertEquals("10.0.0.1", IpNetwork.format(java.net.InetAddress.getByName("10.0.0.1")));
    }

    @Test
    public void containsComparesThePrefixOnly() throws Exception {
        IpNetwork net = IpNetwork.parse("172.10.0.0/16");
        assertTrue(net.contains(java.net.InetAddress.getByName("172.10.200.3")));
        assertFalse(net.contains(java.net.InetAddress.getByName("172.11.0.1")));
        assertFalse(net.contains(java.net.InetAddress.getByName("fd::1")));
        assertTrue(IpNetwork.parse("10.1.2.3/23").contains(java.net.InetAddress.getByName("10.1.3.200")));
        assertTrue(IpNetwork.parse("::/0").contains(java.net.InetAddress.getByName("fd::1")));
    }
}
