package org.gost4j.config.cli;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.util.List;
import java.util.Map;

import org.gost4j.config.FactoryConfiguration;
import org.junit.Test;

public class CliServicesTest {

    @Test
    public void aRelayServerBesideATunnelServer() {
        List<FactoryConfiguration> services = CliServices.of(CommandLine.parse("-L", "tun://:8421?net=192.168.123.1/24",
                "-L", "relay+wss://alice:s%40cret@:8443?bind=true&path=/relay&certFile=/c.pem&keyFile=/k.pem"));
        assertEquals(2, services.size());
        assertEquals("gost4j.tunnel", services.get(0).factoryPid());
        assertFalse(services.get(0).properties().containsKey("transport.target"));
        FactoryConfiguration relay = services.get(1);
        assertEquals("gost4j.relay", relay.factoryPid());
        assertEquals("service-1", relay.name());
        Map<String, Object> props = relay.properties();
        assertEquals(":8443", props.get("listen"));
        assertEquals(true, props.get("tls"));
        assertEquals(true, props.get("bind"));
        assertEquals("/relay", props.get("path"));
        assertArrayEquals(new String[] {"alice:s@cret"}, (String[]) props.get("auths"));
        assertEquals("/c.pem", props.get("cert.file"));
        assertEquals("/k.pem", props.get("key.file"));
    }

    /** As Go's url.Parse reads the user info (a '+' is a plus there), so GOST clients' "a+b" gets in. */
    @Test
    public void aPlusInARelayServersUserInfoIsAPlus() {
        FactoryConfiguration relay = CliServices.of(CommandLine.parse("-L", "relay+tls://alice:a+b%20c@:8443")).get(0);
        assertArrayEquals(new String[] {"alice:a+b c"}, (String[]) relay.properties().get("auths"));
    }

    @Test
    public void aChainCarriesEveryTunnelClient() {
        List<FactoryConfiguration> services = CliServices.of(CommandLine.parse("-L", "tun://:0/:8421?net=192.168.123.2/24",
                "-F", "relay+wss://u:p@10.200.0.1:8443?secure=false"));
        FactoryConfiguration chain = services.get(0);
        assertEquals("gost4j.chain", chain.factoryPid());
        assertEquals("chain-0", chain.name());
        assertArrayEquals(new String[] {"relay+wss://u:p@10.200.0.1:8443?secure=false"},
                (String[]) chain.properties().get("nodes"));
        Map<String, Object> tunnel = services.get(1).properties();
        assertEquals(":8421", tunnel.get("remote"));
        assertEquals("(&(transport=chain)(name=chain-0))", tunnel.get("transport.target"));
    }

    @Test
    public void severalNodesMakeOneChainOfThatManyHops() {
        List<FactoryConfiguration> services = CliServices.of(CommandLine.parse("-L", "tun://:0/:8421?net=192.168.123.2/24",
                "-F", "relay+tls://bob:pw@10.200.0.1:443?secure=false", "-F", "relay+wss://alice:s3cret@[fd00::2]:8443"));
        assertEquals(2, services.size());
        assertEquals("chain-0", services.get(0).name());
        assertArrayEquals(new String[] {"relay+tls://bob:pw@10.200.0.1:443?secure=false",
                "relay+wss://alice:s3cret@[fd00::2]:8443"}, (String[]) services.get(0).properties().get("nodes"));
        assertEquals("(&(transport=chain)(name=chain-0))", services.get(1).properties().get("transport.target"));
    }

    @Test
    public void aTlsRelayServerWithItsBounds() {
        Map<String, Object> props = CliServices.of(CommandLine.parse("-L",
                "relay+tls://bob:pw@:443?targets=10.200.1.2:8443,%5Bfd00::/64%5D:*&targets=tunnels&idleTimeout=90s"
                        + "&sessions=64&sessionsPerSource=8")).get(0).properties();
        assertEquals(true, props.get("tls"));
        assertEquals(false, props.get("websocket"));
        assertArrayEquals(new String[] {"10.200.1.2:8443", "[fd00::/64]:*", "tunnels"}, (String[]) props.get("targets"));
        assertEquals(90_000L, props.get("idle.timeout"));
        assertEquals(64, props.get("sessions.max"));
        assertEquals(8, props.get("sessions.per.source"));
        assertFalse(CliServices.of(CommandLine.parse("-L", "relay+ws://:80")).get(0).properties().containsKey("targets"));
    }

    @Test
    public void withoutAChainARemoteNeedsAHost() {
        try {
            CliServices.of(CommandLine.parse("-L", "tun://:0/:8421?net=192.168.123.2/24"));
            fail();
        } catch (CliException e) {
            assertTrue(e.getMessage(), e.getMessage().contains("missing host"));
        }
    }

    @Test
    public void badNodesAndRelayUrlsAreRefusedWithoutTheirPassword() {
        for (String[] args : new String[][] {
                {"-L", "tun://:0/:1?net=10.0.0.2/24", "-F", "socks5://u:secret@h:1"},
                {"-L", "tun://:0/:1?net=10.0.0.2/24", "-F", "relay+wss://u:secret@h"},
                {"-L", "tun://:0/:1?net=10.0.0.2/24", "-F", "relay+wss://u:secret@h:1?verify=no"},
                {"-L", "relay+wss://u:secret@:8443?bogus=1"},
                {"-L", "relay+wss://u:secret@:port"},
                {"-L", "relay+wss://u:secret@:8443?certFile=/c.pem"},
                {"-L", "relay+tls://u:secret@:8443?path=/ws"},
                {"-L", "relay+ws://u:secret@:8443?certFile=/c.pem&keyFile=/k.pem"},
                {"-L", "relay+tls://u:secret@:8443?targets=fd00::1:80"},
                {"-L", "relay+tls://u:secret@:8443?idleTimeout=0s"},
                {"-L", "relay+tls://u:secret@:8443?sessions=none"},
                {"-L", "tun://:0/:1?net=10.0.0.2/24", "-F", "relay+tls://u:secret@h:1?path=/ws"},
                {"-L", "tun://:0/:1?net=10.0.0.2/24", "-F", "relay+tls://u:secret@h:1", "-F", "relay+ws://u:secret@h"}}) {
            try {
                CliServices.of(CommandLine.parse(args));
                fail("accepted " + String.join(" ", args));
            } catch (CliException e) {
                assertFalse(e.getMessage(), e.getMessage().contains("secret"));
            }
        }
    }

    /** The known options in the usage text's order, the same at every run (a HashSet's order was not). */
    @Test
    public void anUnknownOptionListsTheKnownOnesInOrder() {
        assertMessage("service URL 'relay+tls://:8443?idle=1': unknown option 'idle' (known: bind, path, certFile,"
                + " keyFile, targets, idleTimeout, sessions, sessionsPerSource)", "-L", "relay+tls://:8443?idle=1");
        assertMessage("chain node URL 'relay+tls://h:1?verify=no': unknown option 'verify' (known: path, secure,"
                + " serverName, caFile)", "-L", "tun://:0/:1?net=10.0.0.2/24", "-F", "relay+tls://h:1?verify=no");
    }

    private static void assertMessage(String expected, String... args) {
        try {
            CliServices.of(CommandLine.parse(args));
            fail("accepted " + String.join(" ", args));
        } catch (CliException e) {
            assertEquals(expected, e.getMessage());
        }
    }

    @Test
    public void metricsBecomeAGost4jMetricsConfiguration() {
        List<org.gost4j.config.FactoryConfiguration> services = CliServices.of(CommandLine.parse("-L", "tun://:8421?net=192.168.123.1/24",
                "-metrics", "prom:p%40ss@127.0.0.1:9000?path=/m"));
        org.gost4j.config.FactoryConfiguration metrics = services.get(services.size() - 1);
        assertEquals("gost4j.metrics", metrics.factoryPid());
        assertEquals("cli", metrics.name());
        assertEquals("127.0.0.1:9000", metrics.properties().get("addr"));
        assertEquals("/m", metrics.properties().get("path"));
        assertEquals("prom", metrics.properties().get("username"));
        assertEquals("p@ss", metrics.properties().get("password"));
        assertEquals(":9000", CliServices.of(CommandLine.parse("-L", "tun://:8421?net=192.168.123.1/24",
                "-metrics=:9000")).get(1).properties().get("addr"));
        for (String bad : new String[] {"9000", ":9000?interval=5s", "prom@:9000", ":9000?path=x"}) {
            assertThrows(bad, CliException.class, () -> CliServices.of(CommandLine.parse("-L",
                    "tun://:8421?net=192.168.123.1/24", "-metrics", bad)));
        }
    }
}
