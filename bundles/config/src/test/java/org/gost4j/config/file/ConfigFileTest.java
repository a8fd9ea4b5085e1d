package org.gost4j.config.file;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.gost4j.config.FactoryConfiguration;
import org.junit.Test;

public class ConfigFileTest {

    /** GOST's TUN/TAP documentation examples, in the top-level config/examples, which the distribution ships. */
    private static final Path EXAMPLES = Path.of(System.getProperty("basedir", "."))
            .resolve("../../config/examples").normalize();

    @Test
    public void everyDocumentationExampleLoads() throws IOException {
        List<Path> files;
        try (Stream<Path> list = Files.list(EXAMPLES)) {
            files = list.filter(f -> f.toString().matches(".*\\.(yaml|json)")).sorted().toList();
        }
        assertTrue("examples missing in " + EXAMPLES + ": " + files, files.size() >= 15);
        for (Path file : files) {
            List<FactoryConfiguration> configs = ConfigFile.load(file);
            assertFalse(file + " gave no configuration", configs.isEmpty());
        }
    }

    @Test
    public void serverExampleGivesTheSamePropertiesAsTheCommandLine() {
        Map<String, Object> p = only(load("tun-server.yaml"), "gost4j.tunnel");
        assertEquals("service-0", p.get("name"));
        assertEquals("tun", p.get("type"));
        assertEquals(":8421", p.get("listen"));
        assertArrayEquals(new String[] {"192.168.123.1/24"}, (String[]) p.get("net"));
        assertEquals("tun0", p.get("device.name"));
        assertEquals(1350, p.get("mtu"));
        assertEquals(1500, p.get("buffersize"));
        assertEquals("file", p.get(ConfigFile.ORIGIN));
        assertFalse(p.containsKey("remote"));
    }

    @Test
    public void clientExampleHasRemoteKeepaliveAndTtl() {
        Map<String, Object> p = only(load("tun-client.yaml"), "gost4j.tunnel");
        assertEquals("SERVER_IP:8421", p.get("remote"));
        assertEquals(true, p.get("keepalive"));
        assertEquals(10_000L, p.get("ttl"));
        Map<String, Object> auth = only(load("tun-client-auth.yaml"), "gost4j.tunnel");
        assertEquals("userpass1", auth.get(".passphrase"));
    }

    @Test
    public void routesRouterAutherAndChainFollowTheArchitectureContract() {
        Map<String, Object> routes = only(load("tun-server-routes.yaml"), "gost4j.tunnel");
        assertArrayEquals(new String[] {"72.10.0.0/16 192.168.123.2", "10.138.0.0/16 192.168.123.3"},
                (String[]) routes.get("routes"));

        List<FactoryConfiguration> router = load("tun-server-router.yaml");
        assertEquals("router-0", only(router, "gost4j.tunnel").get("router"));
        assertEquals("(name=router-0)", only(router, "gost4j.tunnel").get("router.target"));
        assertArrayEquals(new String[] {"172.10.0.0/16 192.168.123.2", "192.168.1.0/24 192.168.123.3"},
                (String[]) only(router, "gost4j.router").get("routes"));
        assertEquals("router-0", only(router, "gost4j.router").get("name"));

        List<FactoryConfiguration> auth = load("tun-server-auth.yaml");
        assertEquals("(name=tun)", only(auth, "gost4j.tunnel").get("auther.target"));
        assertArrayEquals(new String[] {"192.168.123.2:userpass1", "192.168.123.3:userpass2"},
                (String[]) only(auth, "gost4j.auther").get("auths"));

        List<FactoryConfiguration> chain = load("tcp-client.yaml");
        Map<String, Object> tunnel = only(chain, "gost4j.tunnel");
        assertEquals("(&(transport=chain)(name=chain-0))", tunnel.get("transport.target"));
        assertEquals(":8421", tunnel.get("remote"));
        assertArrayEquals(new String[] {"relay+wss://SERVER_IP:8443"}, (String[]) only(chain, "gost4j.chain").get("nodes"));

        Map<String, Object> relay = only(load("tcp-server.yaml"), "gost4j.relay");
        assertEquals(":8443", relay.get("listen"));
        assertEquals(true, relay.get("tls"));
        assertEquals(true, relay.get("bind"));
    }

    /** GOST's tun-over-relay server side (docs: tun, "relay+wss"), with the options the relay bundle reads. */
    @Test
    public void relayServiceBecomesWhatTheRelayBundleReads() {
        String yaml = """
                services:
                - name: service-0
                  addr: :8421
                  handler:
                    type: tun
                  listener:
                    type: tun
                    metadata:
                      net: 192.168.123.1/24
                - name: service-1
                  addr: :8443
                  handler:
                    type: relay
                    auth:
                      username: user
                      password: pass
                    auther: auther-0
                    metadata:
                      bind: true
                  listener:
                    type: wss
                    tls:
                      certFile: /etc/gost/cert.pem
                      keyFile: /etc/gost/key.pem
                    metadata:
                      path: /tunnel
                authers:
                - name: auther-0
                  auths:
                  - username: user2
                    password: pass2
                """;
        Map<String, Object> relay = only(ConfigFile.parse(yaml, "relay.yaml"), "gost4j.relay");
        assertEquals("service-1", relay.get("name"));
        assertEquals(":8443", relay.get("listen"));
        assertEquals(true, relay.get("tls"));
        assertEquals("/tunnel", relay.get("path"));
        assertEquals(true, relay.get("bind"));
        assertArrayEquals(new String[] {"user:pass", "user2:pass2"}, (String[]) relay.get("auths"));
        assertEquals("/etc/gost/cert.pem", relay.get("cert.file"));
        assertEquals("/etc/gost/key.pem", relay.get("key.file"));
        assertEquals(java.util.Set.of("name", ConfigFile.ORIGIN, "listen", "tls", "path", "bind", "auths", "cert.file",
                "key.file"), relay.keySet());

        String plain = yaml.replace("type: wss", "type: ws").replaceAll("(?s)    tls:\n.*?keyFile: \\S+\n", "")
                .replaceAll("(?s)    auth:\n.*?password: pass\n", "").replace("    auther: auther-0\n", "")
                .replace("      bind: true", "      bind: false");
        Map<String, Object> ws = only(ConfigFile.parse(plain, "ws.yaml"), "gost4j.relay");
        assertEquals(false, ws.get("tls"));
        assertEquals(false, ws.get("bind"));
        assertArrayEquals(new String[0], (String[]) ws.get("auths"));
        assertEquals("", ws.get("cert.file"));

        assertError("services[1].listener.type: 'tcp' is not supported for relay (ws, wss: the relay server speaks"
                + " WebSocket)", yaml.replace("type: wss", "type: tcp"));
        assertError("services[1].listener.tls: a ws listener takes no tls (use wss)", yaml.replace("type: wss", "type: ws"));
        assertError("services[1].listener.metadata.path: 'tunnel' must start with '/'",
                yaml.replace("path: /tunnel", "path: tunnel"));
    }

    @Test
    public void jsonLoadsLikeYaml() {
        assertEquals(only(load("vpn-server.yaml"), "gost4j.tunnel").keySet(),
                only(load("vpn-server.json"), "gost4j.tunnel").keySet());
    }

    // The five broken configurations: each error names the file, the path in the document and the reason.

    @Test
    public void unknownKeyIsRejected() {
        assertError("services[0].handler.colour: unknown key (expected one of type, auther, auth, chain, metadata)",
                SERVICE.replace("    type: tun\n  listener", "    type: tun\n    colour: red\n  listener"));
    }

    @Test
    public void wrongTypeIsRejected() {
        assertError("services[0].listener.metadata.mtu: option mtu: 'big' is not a number",
                SERVICE + "      mtu: big\n");
        assertError("services[0].handler.metadata.keepAlive: option keepalive: 'yes' is not true or false",
                SERVICE.replace("    type: tun\n  listener", "    type: tun\n    metadata:\n      keepAlive: yes\n  listener")
                        .replace("keepAlive: yes", "keepAlive: 'yes'"));
    }

    @Test
    public void badValueIsRejectedAtItsPath() {
        assertError("services[0].listener.metadata.net: option net: '192.168.300.1/24': '192.168.300.1' is not an IP address",
                SERVICE.replace("192.168.123.1/24", "192.168.300.1/24"));
    }

    @Test
    public void undefinedReferenceIsRejected() {
        assertError("services[0].listener.metadata.router: 'router-9' is not defined under routers",
                SERVICE + "      router: router-9\n");
    }

    @Test
    public void unsupportedHandlerAndBadYamlAreRejected() {
        assertError("services[0].handler.type: 'socks5' is not supported (tun, tap, relay)",
                SERVICE.replace("    type: tun\n  listener", "    type: socks5\n  listener"));
        ConfigFileException e = assertThrows(ConfigFileException.class,
                () -> ConfigFile.parse("services:\n- name: a\n  name: b\n", "dup.yaml"));
        assertTrue(e.getMessage(), e.getMessage().startsWith("dup.yaml: line "));
        assertTrue(e.getMessage(), e.getMessage().contains("duplicate key name"));
    }

    // What a careless operator or a local user may point -C at (issue 16, item 9).

    @Test(timeout = 10_000)
    public void refusesDevicesAndFifosAtOnce() throws Exception {
        assertEquals("/dev/zero: not a regular file",
                assertThrows(ConfigFileException.class, () -> ConfigFile.load(Path.of("/dev/zero"))).getMessage());
        Path fifo = Files.createTempDirectory("gost4j-fifo").resolve("config.yaml");
        assertEquals(0, new ProcessBuilder("mkfifo", fifo.toString()).start().waitFor());
        try {
            assertEquals(fifo + ": not a regular file",
                    assertThrows(ConfigFileException.class, () -> ConfigFile.load(fifo)).getMessage());
        } finally {
            Files.delete(fifo);
            Files.delete(fifo.getParent());
        }
    }

    @Test(timeout = 10_000)
    public void boundsDocumentsAndLines() throws IOException {
        Path big = Files.createTempFile("gost4j-big", ".yaml");
        try {
            Files.writeString(big, "services: " + "x".repeat(3 * 1024 * 1024) + "\n");
            assertEquals(big + ": larger than 1048576 bytes",
                    assertThrows(ConfigFileException.class, () -> ConfigFile.load(big)).getMessage());
        } finally {
            Files.delete(big);
        }
        // a long line costs SnakeYAML the square of its length: refused before parsing
        assertEquals("long.yaml: line 10: longer than 65536 characters", assertThrows(ConfigFileException.class,
                () -> ConfigFile.parse(SERVICE + "      name: " + "x".repeat(900_000) + "\n", "long.yaml"))
                .getMessage());
    }

    @Test
    public void refusesTextThatIsNotUtf8() throws IOException {
        Path latin1 = Files.createTempFile("gost4j-latin1", ".yaml");
        try {
            Files.write(latin1, new byte[] {'s', ':', ' ', (byte) 0xe9, '\n'});
            assertEquals(latin1 + ": not UTF-8 text",
                    assertThrows(ConfigFileException.class, () -> ConfigFile.load(latin1)).getMessage());
        } finally {
            Files.delete(latin1);
        }
    }

    private static final String SERVICE = """
            services:
            - name: service-0
              addr: :8421
              handler:
                type: tun
              listener:
                type: tun
                metadata:
                  net: 192.168.123.1/24
            """;

    private static void assertError(String expected, String yaml) {
        ConfigFileException e = assertThrows(ConfigFileException.class, () -> ConfigFile.parse(yaml, "broken.yaml"));
        assertEquals("broken.yaml: " + expected, e.getMessage());
    }

    private static List<FactoryConfiguration> load(String example) {
        return ConfigFile.load(EXAMPLES.resolve(example));
    }

    private static Map<String, Object> only(List<FactoryConfiguration> configs, String pid) {
        List<FactoryConfiguration> matching = configs.stream().filter(c -> c.factoryPid().equals(pid))
                .collect(Collectors.toList());
        assertEquals("configurations under " + pid + " in " + configs, 1, matching.size());
        return matching.get(0).properties();
    }
}
