package org.gost4j.support.net;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;

import org.gost4j.support.options.TunnelOptions;
import org.junit.Test;

public class HostPortTest {

    /** Issue 18: GOST listens on {@code :8421} with Go's "udp", every IPv4 and IPv6 address on one socket. */
    @Test
    public void anEmptyHostIsIpv6sWildcardWhichTakesIpv4Too() throws Exception {
        InetSocketAddress empty = HostPort.parse("listen address", ":8421", true);
        assertTrue(empty.getAddress() instanceof Inet6Address);
        assertTrue(empty.getAddress().isAnyLocalAddress());
        assertEquals(8421, empty.getPort());
        assertEquals(empty, TunnelOptions.builder("s", "tun").listen(":8421").option("net", "10.0.0.1/24").build()
                .resolveListen());
    }

    /** An IPv4 host stays IPv4 ("udp4" in GOST), {@code 0.0.0.0} included. */
    @Test
    public void anExplicitIpv4WildcardStaysIpv4() throws Exception {
        InetSocketAddress listen = TunnelOptions.builder("s", "tun").listen("0.0.0.0:8421").option("net", "10.0.0.1/24")
                .build().resolveListen();
        assertEquals(new InetSocketAddress(InetAddress.getByName("0.0.0.0"), 8421), listen);
    }

    @Test
    public void formatWritesWhatParseReads() throws Exception {
        assertEquals("[::]:8421", HostPort.format(HostPort.parse("a", ":8421", true)));
        assertEquals("[fd00:201::1]:8421",
                HostPort.format(new InetSocketAddress(InetAddress.getByName("fd00:201:0:0:0:0:0:1"), 8421)));
        assertEquals("10.0.0.1:53", HostPort.format(new InetSocketAddress(InetAddress.getByName("10.0.0.1"), 53)));
        assertEquals("example.org:80", HostPort.format(HostPort.parse("a", "example.org:80", false)));
    }
}
