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
        assertArrayEquals(new String[] {"relay+wss://tunnel:RELAY_PASSWORD@SERVER_IP:8443"},
                (String[]) only(chain, "gost4j.chain").get("nodes"));

        Map<String, Object> relay = only(load("tcp-server.yaml"), "gost4j.relay");
        assertEquals(":8443", relay.get("listen"));
        assertEquals(true, relay.get("tls"));
        assertEquals(true, relay.get("bind"));
    }

    /** GOST's tun-over-relay server side (docs: tun, "relay+wss"), with the options the relay bundle reads. */
    @Test
    public void relayServiceBecomesWhatTheRelayBundleReads() {
        String yaml = SERVICE + """
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
        assertEquals(true, relay.get("websocket"));
        assertEquals(java.util.Set.of("name", ConfigFile.ORIGIN, "listen", "tls", "websocket", "path", "bind", "auths",
                "cert.file", "key.file"), relay.keySet());

        String plain = yaml.replace("type: wss", "type: ws").replaceAll("(?s)    tls:\n.*?keyFile: \\S+\n", "")
                .replaceAll("(?s)    auth:\n.*?password: pass\n", "").replace("    auther: auther-0\n", "")
                .replace("      bind: true", "      bind: false");
        Map<String, Object> ws = only(ConfigFile.parse(plain, "ws.yaml"), "gost4j.relay");
        assertEquals(false, ws.get("tls"));
        assertEquals(false, ws.get("bind"));
        assertArrayEquals(new String[0], (String[]) ws.get("auths"));
        assertEquals("", ws.get("cert.file"));

        assertError("services[1].listener.type: 'tcp' is not supported for relay (tls, ws, wss)",
                yaml.replace("type: wss", "type: tcp"));
        assertError("services[1].listener.tls.certFile: option certFile: only for relay+tls and relay+wss",
                yaml.replace("type: wss", "type: ws"));
        assertError("services[1].listener.metadata.path: option path: 'tunnel' must start with '/'",
                yaml.replace("path: /tunnel", "path: tunnel"));
    }

    /** GOST's relay+tls (listener tls) with the bounds of a gost4j relay server in the handler's metadata. */
    @Test
    public void aTlsRelayWithItsBounds() {
        String yaml = """
                services:
                - name: hop
                  addr: :443
                  handler:
                    type: relay
                    auth: {username: bob, password: pw}
                    metadata:
                      targets: [10.0.1.2:8443, "[fd00::/64]:*"]
                      idleTimeout: 2m
                      sessions: 100
                      sessionsPerSource: 4
                  listener:
                    type: tls
                """;
        Map<String, Object> relay = only(ConfigFile.parse(yaml, "hop.yaml"), "gost4j.relay");
        assertEquals(true, relay.get("tls"));
        assertEquals(false, relay.get("websocket"));
        assertArrayEquals(new String[] {"10.0.1.2:8443", "[fd00::/64]:*"}, (String[]) relay.get("targets"));
        assertEquals(120_000L, relay.get("idle.timeout"));
        assertEquals(100, relay.get("sessions.max"));
        assertEquals(4, relay.get("sessions.per.source"));
        assertEquals(30_000L, only(ConfigFile.parse(yaml.replace("2m", "30"), "hop.yaml"), "gost4j.relay")
                .get("idle.timeout"));
        assertError("services[0].handler.metadata.targets: option targets: targets entry '10.0.1.2': needs host:port"
                + " (host may be empty for this host, or *; port may be *)", yaml.replace("10.0.1.2:8443", "10.0.1.2"));
        assertError("services[0].handler.metadata.sessions: option sessions: '0' is not a positive number",
                yaml.replace("sessions: 100", "sessions: 0"));
        assertError("services[0].handler.metadata.idleTimeout: option idleTimeout: 'soon' is not a duration such as"
                + " 10s, 500ms or 1m30s: expected a number at 'soon'", yaml.replace("2m", "soon"));
    }

    /** GOST's multi-hop chain: one node per hop, hops in order, each its own connector and dialer. */
    @Test
    public void aChainOfTwoHops() {
        String yaml = """
                services:
                - name: client
                  addr: :0
                  handler: {type: tun, chain: two-hops}
                  listener: {type: tun, metadata: {net: 192.168.123.2/24}}
                  forwarder: {nodes: [{name: server, addr: ":8421"}]}
                chains:
                - name: two-hops
                  hops:
                  - name: hop-0
                    nodes:
                    - name: a
                      addr: 10.200.0.1:443
                      connector: {type: relay, auth: {username: bob, password: pw}}
                      dialer: {type: tls, metadata: {secure: false}}
                  - name: hop-1
                    nodes:
                    - name: b
                      addr: "[fd00::2]:8443"
                      connector: {type: relay, auth: {username: alice, password: s3cret}}
                      dialer: {type: wss, metadata: {path: /relay, secure: false}}
                """;
        List<FactoryConfiguration> configs = ConfigFile.parse(yaml, "chain.yaml");
        assertArrayEquals(new String[] {"relay+tls://bob:pw@10.200.0.1:443?secure=false",
                "relay+wss://alice:s3cret@[fd00::2]:8443?path=%2Frelay&secure=false"},
                (String[]) only(configs, "gost4j.chain").get("nodes"));
        assertEquals("(&(transport=chain)(name=two-hops))", only(configs, "gost4j.tunnel").get("transport.target"));
        assertError("chains[0].hops[0].nodes[0]: chain node URL 'relay+tls://bob:***@10.200.0.1:443?path=%2Fx&"
                + "secure=false': option path: only for relay+ws and relay+wss",
                yaml.replace("dialer: {type: tls, metadata: {secure: false}}",
                        "dialer: {type: tls, metadata: {secure: false, path: /x}}"));
        assertError("chains[0].hops[1].nodes[0]: chain node URL 'relay+quic://alice:***@[fd00::2]:8443?path=%2Frelay&"
                + "secure=false': unsupported scheme 'relay+quic' (supported: relay+tls, relay+ws, relay+wss)",
                yaml.replace("type: wss", "type: quic"));
        // the chain reads the user info as Go does ('+' a plus): a space must be %20, a plus %2B
        assertEquals("relay+tls://b%2Bo%20b:p%2Bw%20x@10.200.0.1:443?secure=false", ((String[]) only(
                ConfigFile.parse(yaml.replace("username: bob, password: pw", "username: b+o b, password: 'p+w x'"),
                        "chain.yaml"), "gost4j.chain").get("nodes"))[0]);
    }

    /** An example that opens a relay must not open it to everyone (issue 16: an open UDP relay). */
    @Test
    public void everyExampleRelayAsksForCredentials() throws IOException {
        int relays = 0;
        try (Stream<Path> list = Files.list(EXAMPLES)) {
            for (Path file : list.filter(f -> f.toString().matches(".*\\.(yaml|json)")).sorted().toList()) {
                for (FactoryConfiguration config : ConfigFile.load(file)) {
                    if (config.factoryPid().equals("gost4j.relay")) {
                        relays++;
                        assertTrue(file + " opens a relay without credentials",
                                ((String[]) config.properties().get("auths")).length > 0);
                    }
                    if (config.factoryPid().equals("gost4j.chain")) {
                        for (String node : (String[]) config.properties().get("nodes")) {
                            assertTrue(file + " has a chain node without credentials: " + node, node.contains("@"));
                        }
                    }
                }
            }
        }
        assertTrue("no example opens a relay", relays > 0);
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

    /** Issue 18: GOST authenticates each tunnel IP as {@code ip.String()}, so IPv6 users are written that way. */
    @Test
    public void autherUsersMayBeIpv6TunnelAddresses() {
        String yaml = SERVICE + """
                authers:
                - name: clients
                  auths:
                  - username: 192.168.123.2
                    password: userpass1
                  - username: fd00:123::2
                    password: userpass1
                """;
        assertArrayEquals(new String[] {"192.168.123.2:userpass1", "[fd00:123::2]:userpass1"},
                (String[]) only(ConfigFile.parse(yaml, "a.yaml"), "gost4j.auther").get("auths"));
        assertError("authers[0].auths[1].username: user name '[fd00:123::2]' cannot start with '[' or hold ']:'"
                + " (write IPv6 addresses without brackets)", yaml.replace("fd00:123::2", "'[fd00:123::2]'"));
        assertError("authers[0].auths[0].username: empty user name", yaml.replace("192.168.123.2", "''"));
    }

    /** Issue 18: GOST's {@code log} section, read by the launcher and checked with the rest of the file. */
    @Test
    public void logSectionIsCheckedAndReadForTheLauncher() throws IOException {
        String yaml = SERVICE + """
                log:
                  level: DEBUG
                  format: json
                  output: /var/log/gost4j.log
                """;
        assertEquals(3, ConfigFile.parse(yaml, "a.yaml").size() + 2);
        Path file = Files.createTempFile("gost4j-log", ".yaml");
        try {
            Files.writeString(file, yaml);
            assertEquals(new LogSettings("debug", "json", "/var/log/gost4j.log"), ConfigFile.logSettings(file));
            Files.writeString(file, SERVICE);
            assertEquals(LogSettings.NONE, ConfigFile.logSettings(file));
            assertEquals(new LogSettings("trace", null, null),
                    ConfigFile.logSettings(file).withLevel("trace"));
        } finally {
            Files.delete(file);
        }
        assertError("log.level: 'verbose' is not one of trace, debug, info, warn, error, fatal",
                yaml.replace("DEBUG", "verbose"));
        assertError("log.format: 'xml' is not one of text, json", yaml.replace("json", "xml"));
        assertError("log.output: must not be empty", yaml.replace("/var/log/gost4j.log", "''"));
        assertError("log.rotation: not supported (rotate the file with logrotate's copytruncate)",
                yaml + "  rotation: {maxSize: 10}\n");
        assertError("log.colour: unknown key (expected one of level, format, output, rotation)",
                yaml + "  colour: red\n");
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

    @Test
    public void fleetExampleGivesLoadersAndMetrics() {
        List<FactoryConfiguration> fleet = load("fleet-server.yaml");
        Map<String, Object> auther = only(fleet, "gost4j.auther");
        assertEquals("10s", auther.get("reload"));
        assertEquals("/etc/gost4j/users.txt", auther.get("file"));
        assertEquals("10.0.0.10:6379", auther.get("redis.addr"));
        assertEquals(0, auther.get("redis.db"));
        assertEquals("redis-secret", auther.get("redis.password"));
        assertEquals("gost4j:users", auther.get("redis.key"));
        Map<String, Object> router = only(fleet, "gost4j.router");
        assertEquals("set", router.get("redis.type"));
        assertEquals("gost4j:routes", router.get("redis.key"));
        Map<String, Object> metrics = only(fleet, "gost4j.metrics");
        assertEquals("file", metrics.get("name"));
        assertEquals(":9000", metrics.get("addr"));
        assertEquals("/metrics", metrics.get("path"));
        assertEquals("prometheus", metrics.get("username"));
        assertEquals("change-me", metrics.get("password"));
        assertEquals("fleet", only(fleet, "gost4j.tunnel").get("auther"));
    }

    @Test
    public void anAutherPluginAndAnHttpLoaderBecomeProperties() {
        List<FactoryConfiguration> configs = ConfigFile.parse(SERVICE + """
                authers:
                - name: a
                  plugin:
                    type: http
                    addr: http://127.0.0.1:8000/auth
                    timeout: 5s
                    token: t0ken
                routers:
                - name: r
                  http:
                    url: http://127.0.0.1:8000/routes
                    timeout: 2s
                  reload: 30
                """, "p.yaml");
        Map<String, Object> auther = only(configs, "gost4j.auther");
        assertEquals("http", auther.get("plugin.type"));
        assertEquals("http://127.0.0.1:8000/auth", auther.get("plugin.addr"));
        assertEquals("5s", auther.get("plugin.timeout"));
        assertEquals("t0ken", auther.get("plugin.token"));
        Map<String, Object> router = only(configs, "gost4j.router");
        assertEquals("http://127.0.0.1:8000/routes", router.get("http.url"));
        assertEquals("2s", router.get("http.timeout"));
        assertEquals("30", router.get("reload"));
    }

    @Test
    public void badLoadersAndMetricsAreRefusedWithTheirPath() {
        assertError("authers[0].redis.addr: is required", SERVICE + """
                authers:
                - name: a
                  redis:
                    db: 1
                """);
        assertError("authers[0].reload: 'soon' is not a duration such as 10s, 500ms or 1m30s: expected a number at"
                + " 'soon'", SERVICE + """
                authers:
                - name: a
                  reload: soon
                """);
        assertError("authers[0].plugin.type: 'grpc' is not supported (only http)", SERVICE + """
                authers:
                - name: a
                  plugin:
                    type: grpc
                    addr: 127.0.0.1:8000
                """);
        assertError("routers[0].redis.type: 'zset' is not hash, set or list", SERVICE + """
                routers:
                - name: r
                  redis:
                    addr: 127.0.0.1:6379
                    type: zset
                """);
        assertError("authers[0].http.url: 'ftp://x' is not an http:// or https:// URL", SERVICE + """
                authers:
                - name: a
                  http:
                    url: ftp://x
                """);
        assertError("authers[0].plugin.addr: 'http:///auth' is not an http:// or https:// URL", SERVICE + """
                authers:
                - name: a
                  plugin:
                    type: http
                    addr: http:///auth
                """);
        assertError("services[1].handler.auther: auther 'a' loads its users (file, redis, http or plugin); a relay"
                + " server takes only auths", SERVICE + """
                - name: relay-0
                  addr: :8443
                  handler:
                    type: relay
                    auther: a
                  listener:
                    type: wss
                authers:
                - name: a
                  file:
                    path: /etc/users.txt
                """);
        assertError("metrics.path: metrics path 'metrics' must start with /", SERVICE + """
                metrics:
                  addr: :9000
                  path: metrics
                """);
        assertError("metrics.auther: unknown key (expected one of addr, path, auth)", SERVICE + """
                metrics:
                  addr: :9000
                  auther: a
                """);
    }

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
