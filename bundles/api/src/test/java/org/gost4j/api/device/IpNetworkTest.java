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
}
