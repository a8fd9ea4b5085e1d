package org.gost4j.chain.relay.internal;

import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

import org.junit.Test;

public class TargetPolicyTest {

    private final List<InetSocketAddress> tunnelServers = new ArrayList<>();

    private TargetPolicy policy(String... entries) {
        return new TargetPolicy(List.of(entries), () -> (Collection<InetSocketAddress>) tunnelServers);
    }

    private static RelayAddress target(String host, int port) {
        return new RelayAddress(RelayProtocol.ATYP_DOMAIN, host, port);
    }

    @Test
    public void tunnelsAllowUdpToThisHostsTunnelServerPortsOnly() throws Exception {
        TargetPolicy policy = policy("tunnels");
        assertNotNull("no tunnel server yet", policy.refusal(true, target("", 8421)));
        tunnelServers.add(new InetSocketAddress(8421)); // a server on :8421
        assertNull(policy.refusal(true, target("", 8421)));           // GOST's empty host: the relay's own
        assertNull(policy.refusal(true, target("127.0.0.1", 8421)));
        assertNull(policy.refusal(true, target("::1", 8421)));
        assertNotNull(policy.refusal(true, target("127.0.0.1", 53))); // another port
        assertNotNull(policy.refusal(true, target("10.255.255.1", 8421))); // another host
        assertNotNull(policy.refusal(true, target("localhost", 8421)));   // names are not resolved for it
        assertNotNull(policy.refusal(false, target("", 8421)));           // tcp
        tunnelServers.clear();
        assertNotNull("the server went away", policy.refusal(true, target("", 8421)));
    }

    @Test
    public void aTunnelServerOnOneAddressIsReachedThereOnly() throws Exception {
        tunnelServers.add(new InetSocketAddress(InetAddress.getByName("127.0.0.2"), 8421));
        TargetPolicy policy = policy("tunnels");
        assertNull(policy.refusal(true, target("127.0.0.2", 8421)));
        assertNotNull(policy.refusal(true, target("127.0.0.3", 8421)));
    }

    @Test
    public void explicitEntries() {
        TargetPolicy policy = policy("10.0.1.2:8443", "[fd00::/64]:*", ":8421", "relay.example:443", "*:53");
        assertNull(policy.refusal(false, target("10.0.1.2", 8443)));
        assertNotNull(policy.refusal(false, target("10.0.1.2", 8444)));
        assertNull(policy.refusal(false, target("fd00::9", 1)));
        assertNotNull(policy.refusal(false, target("fd01::9", 1)));
        assertNull(policy.refusal(true, target("", 8421)));
        assertNull(policy.refusal(true, target("127.0.0.1", 8421)));
        assertNull(policy.refusal(false, target("RELAY.example", 443)));
        assertNotNull(policy.refusal(false, target("other.example", 443)));
        assertNull(policy.refusal(true, target("192.0.2.1", 53)));
        assertFalse(policy.allowsAnything());
        assertTrue(policy("*").allowsAnything());
        assertNull(policy("*").refusal(true, target("127.0.0.1", 22)));
        assertNull(policy("10.0.0.0/8:*").refusal(false, target("10.9.8.7", 22)));
    }

    @Test
    public void badEntriesAreRefusedWithTheEntry() {
        for (String bad : new String[] {"10.0.0.1", "10.0.0.1:0", "10.0.0.1:x", "fd00::1:80", "10.0.0.0/33:1",
                "bad_name:1", "[name]:1"}) {
            try {
                TargetPolicy.check(List.of(bad));
                fail("accepted " + bad);
            } catch (IllegalArgumentException e) {
                assertTrue(e.getMessage(), e.getMessage().contains("'" + bad + "'"));
            }
        }
    }

    @Test
    public void tunnelServerAddressesAsTheTunnelReportsThem() throws Exception {
        assertTrue(TunnelServers.parse("/0.0.0.0:8421").getAddress().isAnyLocalAddress());
        assertTrue(TunnelServers.parse("/[0:0:0:0:0:0:0:0]:8421").getAddress().isAnyLocalAddress());
        assertTrue(TunnelServers.parse("0.0.0.0/0.0.0.0:8421").getPort() == 8421);
        assertTrue(TunnelServers.parse("/[::ffff:0.0.0.0]:8421").getAddress().isAnyLocalAddress());
        assertNull(TunnelServers.parse("garbage"));
    }
}
