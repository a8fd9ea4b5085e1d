package org.gost4j.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.Timeout;

/**
 * Issue 16's soak: a server appliance (a TUN server with an auther, a relay+tls server with credentials, Jolokia
 * and a metrics endpoint) under every attack at once for {@code soak.minutes} (3 by default), while real clients
 * ping through it: one straight over UDP, one through the relay. The attackers ({@link SoakAttacker}) send garbage
 * datagrams, forged registrations and spoofed data to the tunnel port, abuse the relay (idle sessions, bad
 * handshakes, wrong credentials, targets outside the allow-list, connection bursts) and the loopback endpoints
 * (slowloris, wrong passwords, other origins, JSONP, HEAD). Halfway through, a new client must still register.
 *
 * <p>The server's vitals are taken after a warm-up of the same attacks and again at the end, each time once the
 * attackers have stopped and their connections have been cut (so that nothing in flight is counted):
 * threads, descriptors, resident memory and metaspace must stay within the bounds below, the clients may lose
 * no more than {@link #MAX_PING_LOSS_PERCENT} of their pings, and the log may grow only as its rate limits allow.
 * Not in the default build: {@code mvn -B verify -Psoak [-Dsoak.minutes=N]}; the summary goes to
 * {@code itests/target/soak-summary.txt}.
 */
public class SoakEndToEndTest extends NetnsTestSupport {

    private static final String CLI2 = "cli2";
    private static final String CLI3 = "cli3";
    private static final String ATTACKER = "atk";
    private static final String CLI2_TUN_IP = "192.168.123.3";
    private static final String CLI3_TUN_IP = "192.168.123.4";
    private static final int RELAY_PORT = 8443;
    private static final int METRICS_PORT = 9000;
    private static final String RELAY_USER = "tunnel";
    private static final String RELAY_PASSWORD = "relay-secret-16";
    /** Short, so that the soak sees the relay cut idle sessions many times. */
    private static final long RELAY_IDLE_MILLIS = 15_000;
    private static final long RELAY_HANDSHAKE_MILLIS = 10_000;
    private static final String TUNNEL = "vpn";
    private static final String RELAY = "gate";

    private static final double MINUTES = Double.parseDouble(System.getProperty("soak.minutes", "3"));
    private static final int WARM_UP_SECONDS = 30;
    /** After the attackers stop: the handshake deadline (10 s) and Jolokia's exchange deadline (10 s) have passed. */
    private static final int QUIET_SECONDS = 20;

    // the bounds, END minus START
    static final int MAX_THREAD_CHANGE = 5;
    static final int MAX_FD_CHANGE = 10;
    static final long MAX_RSS_GROWTH_KB = 64 * 1024;
    static final long MAX_METASPACE_GROWTH_BYTES = 8L << 20;
    static final double MAX_PING_LOSS_PERCENT = 1.0;
    /** Log lines in the window that come from no rate limiter (none are expected: every line the attacks cause is). */
    static final int MAX_OTHER_LOG_LINES = 10;
    /** The kinds of line each rate-limited log has (TunnelEvent, RelayEvent). */
    static final int TUNNEL_LOG_KINDS = 10;
    static final int RELAY_LOG_KINDS = 13;
    /** RateLimitedLog: a burst of 20 per kind, then one a second; summaries every 10 s (tunnel: its ttl). */
    static final int BURST = 20;
    static final int SUMMARY_SECONDS = 10;
    static final int MAX_BYTES_PER_LINE = 400;

    private static final String SERVER_YAML = """
            services:
            - name: %1$s
              addr: :%3$d
              handler:
                type: tun
                auther: clients
              listener:
                type: tun
                metadata:
                  net: 192.168.123.1/24
                  name: tun0
            - name: %2$s
              addr: :%4$d
              handler:
                type: relay
                auth:
                  username: %5$s
                  password: %6$s
                metadata:
                  idleTimeout: %7$dms
              listener:
                type: tls
            authers:
            - name: clients
              auths:
              - username: 192.168.123.2
                password: pass-one
              - username: 192.168.123.3
                password: pass-two
              - username: 192.168.123.4
                password: pass-three
            metrics:
              addr: 127.0.0.1:%8$d
              auth:
                username: prometheus
                password: metrics-secret
            """.formatted(TUNNEL, RELAY, PORT, RELAY_PORT, RELAY_USER, RELAY_PASSWORD, RELAY_IDLE_MILLIS, METRICS_PORT);

    @Rule
    public final Timeout soakTimeout = new Timeout((long) (MINUTES * 60) + WARM_UP_SECONDS + 2 * QUIET_SECONDS + 420,
            TimeUnit.SECONDS);

    @Override
    protected String[] sides() {
        return new String[] {SRV, CLI, CLI2, CLI3, ATTACKER};
    }

    @Override
    protected String[] requiredCommands() {
        return new String[] {"curl", "ss"};
    }

    @Test
    public void theServerStaysWithinItsBoundsUnderEveryAttackWhileClientsPing() throws Exception {
        Path yaml = write("server.yaml", SERVER_YAML);
        Appliance server = appliance(TestEnv.home(), SRV, "tun0", Duration.ofSeconds(60), "-C", yaml.toString());
        RelayLab.awaitListening(lab, server, SRV, RELAY_PORT);
        Jolokia jolokia = new Jolokia(lab, SRV, TestEnv.home());
        jolokia.awaitUp(Duration.ofSeconds(30));
        appliance(TestEnv.home(), CLI, "tun0", Duration.ofSeconds(40), "-L", client(1, CLI_TUN_IP, "pass-one"));
        chainedClient(CLI2, "tun0", "-L", "tun://:0/:" + PORT + "?net=" + CLI2_TUN_IP
                + "/24&name=tun0&passphrase=pass-two&keepalive=true", "-F", "relay+tls://" + RELAY_USER + ":"
                + RELAY_PASSWORD + "@" + hubAddress(2) + ":" + RELAY_PORT + "?secure=false");
        assertPing(CLI, SRV_TUN_IP, Duration.ofSeconds(20));
        assertPing(CLI2, SRV_TUN_IP, Duration.ofSeconds(30));

        // warm-up: the same attacks, so that what they make the JVM load and allocate once is there at START
        List<Process> warmUpPings = List.of(pings(CLI, "warm-up", WARM_UP_SECONDS),
                pings(CLI2, "warm-up", WARM_UP_SECONDS));
        Attack warmUp = new Attack("warm-up", WARM_UP_SECONDS);
        warmUp.awaitNetwork();
        warmUp.awaitManagement();
        for (Process p : warmUpPings) {
            p.waitFor(WARM_UP_SECONDS + 30, TimeUnit.SECONDS);
        }
        Netns.sleep(QUIET_SECONDS * 1000L);
        assertAlive(server);
        ServerVitals start = ServerVitals.of(server, jolokia);

        int seconds = (int) Math.round(MINUTES * 60);
        long t0 = System.nanoTime();
        Map<String, Process> pings = new LinkedHashMap<>();
        pings.put(CLI, pings(CLI, "soak", seconds));
        pings.put(CLI2, pings(CLI2, "soak", seconds));
        Attack soak = new Attack("soak", seconds);

        // halfway: a client that was never there registers, pings, and leaves
        Netns.sleep(Math.max(0, seconds * 500L - (System.nanoTime() - t0) / 1_000_000));
        long n0 = System.nanoTime();
        Appliance newcomer = appliance(TestEnv.home(), CLI3, "tun0", Duration.ofSeconds(60), "-L",
                client(3, CLI3_TUN_IP, "pass-three"));
        boolean newcomerRegistered = lab.ping(CLI3, SRV_TUN_IP, Duration.ofSeconds(30));
        long newcomerMillis = (System.nanoTime() - n0) / 1_000_000;
        newcomer.stop(Duration.ofSeconds(10));

        Map<String, Long> network = soak.awaitNetwork();
        Map<String, Long> management = soak.awaitManagement();
        Map<String, int[]> loss = new LinkedHashMap<>();
        for (Map.Entry<String, Process> p : pings.entrySet()) {
            assertTrue("ping in " + p.getKey() + " did not finish", p.getValue().waitFor(60, TimeUnit.SECONDS));
            loss.put(p.getKey(), pingCounts(lab.workDir().resolve("ping-" + p.getKey() + "-soak.log")));
        }
        String peers = jolokia.get("read/gost4j:type=service,name=" + TUNNEL + "/Peers").body();
        Netns.sleep(QUIET_SECONDS * 1000L);
        assertAlive(server);
        ServerVitals end = ServerVitals.of(server, jolokia);
        long windowSeconds = (System.nanoTime() - t0) / 1_000_000_000 + 1;
        List<String> window = logSince(server.logFile(), start.logBytes());

        assertTrue("the server did not stop on SIGTERM", server.stop(Duration.ofSeconds(20)));
        String tunnelDown = line(server, "tunnel " + TUNNEL + " down:");
        String relayDown = line(server, "relay " + RELAY + " down:");

        long maxLines = (long) TUNNEL_LOG_KINDS * (BURST + windowSeconds + windowSeconds / SUMMARY_SECONDS + 1)
                + (long) RELAY_LOG_KINDS * (BURST + windowSeconds + windowSeconds / SUMMARY_SECONDS + 1)
                + MAX_OTHER_LOG_LINES;
        List<String> unlimited = window.stream().filter(l -> !l.contains(" " + TUNNEL + ": ")
                && !l.contains(" relay " + RELAY + ": ")).toList();
        long windowBytes = end.logBytes() - start.logBytes();

        String summary = summary(start, end, seconds, windowSeconds, window.size(), windowBytes, maxLines,
                unlimited.size(), loss, newcomerRegistered, newcomerMillis, network, management, tunnelDown, relayDown);
        System.out.println(summary);
        Files.writeString(summaryFile(), summary);

        // the attacks ran and were refused, and nothing they sent was granted
        assertEquals("breaches (network): " + network, 0L, (long) network.getOrDefault(AbuseTally.BREACHES, 0L));
        assertEquals("breaches (management): " + management, 0L,
                (long) management.getOrDefault(AbuseTally.BREACHES, 0L));
        for (String kind : List.of("forged-registration-real-client-ip.sent", "forged-registration-random-ips.sent",
                "spoofed-data-from-client-ip.sent", "garbage-random.sent", "relay-wrong-password.refused-status-2",
                "relay-forbidden-jolokia.refused-status-3", "relay-forbidden-udp-port.refused-status-3",
                "relay-tls-no-request.cut-by-server", "relay-truncated-request.cut-by-server",
                "relay-idle-session.cut-by-server", "relay-burst-connection.closed-at-once")) {
            assertTrue("no " + kind + " in " + network, network.getOrDefault(kind, 0L) > 0);
        }
        for (String kind : List.of("jolokia-slowloris.cut-by-server", "jolokia-wrong-password.refused-401",
                "jolokia-cross-origin-exec.refused-200", "jolokia-jsonp.refused-400", "jolokia-head.status-405",
                "metrics-wrong-password.refused-401", "jolokia-legit.answered")) {
            assertTrue("no " + kind + " in " + management, management.getOrDefault(kind, 0L) > 0);
        }
        assertTrue("legitimate Jolokia requests failed: " + management, management.keySet().stream()
                .noneMatch(k -> k.startsWith("jolokia-legit.failed")));
        assertTrue(tunnelDown, tunnelDown.contains("auth_failed=") && tunnelDown.contains("unauthenticated=")
                && tunnelDown.contains("malformed="));
        assertTrue(relayDown, relayDown.contains("unauthorized=") && relayDown.contains("forbidden="));

        // the real clients kept their tunnel, and a new one got in
        for (Map.Entry<String, int[]> l : loss.entrySet()) {
            int sent = l.getValue()[0];
            int lost = sent - l.getValue()[1];
            assertTrue(l.getKey() + " sent only " + sent + " pings", sent >= seconds * 4);
            assertTrue(l.getKey() + " lost " + lost + " of " + sent + " pings", lost <= allowedLoss(sent));
        }
        assertTrue("peers after the soak: " + peers, peers.contains(CLI_TUN_IP) && peers.contains(CLI2_TUN_IP));
        assertTrue("a new client could not register during the attack", newcomerRegistered);

        // nothing grew that should not
        assertTrue("threads " + start.threads() + " -> " + end.threads() + " (gost4j's " + start.gost4jThreads()
                + " -> " + end.gost4jThreads() + ")", Math.abs(end.gost4jThreads() - start.gost4jThreads())
                <= MAX_THREAD_CHANGE);
        assertTrue("fds " + start.fds() + " -> " + end.fds(), Math.abs(end.fds() - start.fds()) <= MAX_FD_CHANGE);
        assertTrue("RSS " + start.rssKb() + " -> " + end.rssKb() + " kB", end.rssKb() - start.rssKb()
                < MAX_RSS_GROWTH_KB);
        assertTrue("metaspace " + start.metaspaceBytes() + " -> " + end.metaspaceBytes(),
                end.metaspaceBytes() - start.metaspaceBytes() < MAX_METASPACE_GROWTH_BYTES);
        assertTrue(window.size() + " log lines in " + windowSeconds + " s, at most " + maxLines + " allowed",
                window.size() <= maxLines);
        assertTrue(windowBytes + " log bytes", windowBytes <= maxLines * MAX_BYTES_PER_LINE);
        assertTrue("lines not from a rate limiter:\n" + String.join("\n", unlimited),
                unlimited.size() <= MAX_OTHER_LOG_LINES);
        String log = server.log();
        assertTrue("a thread died or an error escaped:\n" + server.logTail(80), !log.contains("Exception in thread")
                && !log.contains("OutOfMemoryError") && !log.contains("\tat "));
    }

    static int allowedLoss(int sent) {
        return (int) Math.ceil(sent * MAX_PING_LOSS_PERCENT / 100);
    }

    /** The server's underlay address on a side's link (see {@link Netns}): {@code 10.200.(link-1).1}. */
    private static String hubAddress(int link) {
        return "10.200." + (link - 1) + ".1";
    }

    private String client(int link, String tunIp, String passphrase) {
        return "tun://:0/" + hubAddress(link) + ":" + PORT + "?net=" + tunIp + "/24&name=tun0&passphrase="
                + passphrase + "&keepalive=true";
    }

    /** Five pings a second from a side to the server's tunnel IP, for about {@code seconds}. */
    private Process pings(String side, String phase, int seconds) {
        return lab.spawn(side, lab.workDir().resolve("ping-" + side + "-" + phase + ".log"), Map.of(), "ping", "-n",
                "-q", "-i", "0.2", "-W", "2", "-c", Integer.toString(seconds * 5), SRV_TUN_IP);
    }

    /** {sent, received} from ping's summary. */
    private static int[] pingCounts(Path log) throws IOException {
        Matcher m = Pattern.compile("(\\d+) packets transmitted, (\\d+) received").matcher(Files.readString(log));
        assertTrue("no ping summary in " + log, m.find());
        return new int[] {Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2))};
    }

    /** Both {@link SoakAttacker}s, started together: network from the attacker's side, management from the server's. */
    private final class Attack {
        private final Process network;
        private final Process management;
        private final Path networkLog;
        private final Path managementLog;
        private final int seconds;

        Attack(String phase, int seconds) {
            this.seconds = seconds;
            networkLog = lab.workDir().resolve("attacker-network-" + phase + ".log");
            managementLog = lab.workDir().resolve("attacker-management-" + phase + ".log");
            network = attacker(ATTACKER, networkLog, "network", Integer.toString(seconds),
                    Long.toString(phase.hashCode()), hubAddress(4), Integer.toString(PORT),
                    String.join(",", CLI_TUN_IP, CLI2_TUN_IP, CLI3_TUN_IP), Integer.toString(RELAY_PORT), RELAY_USER,
                    RELAY_PASSWORD, Long.toString(RELAY_IDLE_MILLIS), Long.toString(RELAY_HANDSHAKE_MILLIS));
            management = attacker(SRV, managementLog, "management", Integer.toString(seconds), "8778",
                    Integer.toString(METRICS_PORT), Jolokia.USER, Jolokia.password(TestEnv.home()),
                    "gost4j:type=service,name=" + TUNNEL + "/disconnectPeer/" + CLI_TUN_IP);
        }

        Map<String, Long> awaitNetwork() throws Exception {
            return finish(network, networkLog);
        }

        Map<String, Long> awaitManagement() throws Exception {
            return finish(management, managementLog);
        }

        private Map<String, Long> finish(Process p, Path log) throws Exception {
            assertTrue("attacker " + log + " still running", p.waitFor(seconds + 90, TimeUnit.SECONDS));
            return AbuseTally.parse(Files.readString(log));
        }
    }

    private Process attacker(String side, Path log, String... args) {
        List<String> cmd = TestEnv.javaMain(SoakAttacker.class, "-Xmx96m", "-XX:TieredStopAtLevel=1",
                "-XX:+UseSerialGC");
        cmd.addAll(List.of(args));
        return lab.spawn(side, log, Map.of(), cmd.toArray(String[]::new));
    }

    /** The log's lines written after {@code offset} bytes. */
    private static List<String> logSince(Path log, long offset) throws IOException {
        try (RandomAccessFile file = new RandomAccessFile(log.toFile(), "r")) {
            file.seek(offset);
            byte[] rest = new byte[(int) (file.length() - offset)];
            file.readFully(rest);
            String text = new String(rest, StandardCharsets.UTF_8);
            return text.isEmpty() ? List.of() : List.of(text.split("\n"));
        }
    }

    private static String line(Appliance server, String start) {
        return server.log().lines().filter(l -> l.contains(start)).findFirst()
                .orElseThrow(() -> new AssertionError("no '" + start + "' line:\n" + server.logTail(30)));
    }

    private static Path summaryFile() {
        Path work = TestEnv.workDir();
        return work.getParent().resolve("soak-summary.txt");
    }

    private static String summary(ServerVitals start, ServerVitals end, int seconds, long windowSeconds, int lines,
            long bytes, long maxLines, int unlimited, Map<String, int[]> loss, boolean newcomer, long newcomerMillis,
            Map<String, Long> network, Map<String, Long> management, String tunnelDown, String relayDown) {
        StringBuilder s = new StringBuilder();
        s.append(String.format("gost4j soak: %d s of attacks (after a %d s warm-up), vitals %d s after each%n%n",
                seconds, WARM_UP_SECONDS, QUIET_SECONDS));
        s.append(String.format("%-34s %14s %14s %14s %s%n", "server JVM", "start", "end", "change", "bound"));
        row(s, "threads (all)", start.threads(), end.threads(), "reported");
        row(s, "threads (without JIT/GC workers)", start.gost4jThreads(), end.gost4jThreads(), "|change| <= "
                + MAX_THREAD_CHANGE);
        row(s, "open fds", start.fds(), end.fds(), "|change| <= " + MAX_FD_CHANGE);
        row(s, "RSS (kB)", start.rssKb(), end.rssKb(), "growth < " + MAX_RSS_GROWTH_KB);
        row(s, "metaspace used (bytes)", start.metaspaceBytes(), end.metaspaceBytes(), "growth < "
                + MAX_METASPACE_GROWTH_BYTES);
        row(s, "classes loaded", start.classes(), end.classes(), "reported");
        row(s, "log lines", start.logLines(), end.logLines(), "<= " + maxLines + " in " + windowSeconds + " s");
        row(s, "log bytes", start.logBytes(), end.logBytes(), "<= " + maxLines * MAX_BYTES_PER_LINE);
        s.append(String.format("%nlog bound: (%d tunnel kinds + %d relay kinds) x (burst %d + %d s x 1/s + %d s / %d s"
                + " summaries + 1) + %d other lines = %d; window had %d lines, %d bytes, %d not from a rate limiter"
                + " (<= %d)%n", TUNNEL_LOG_KINDS, RELAY_LOG_KINDS, BURST, windowSeconds, windowSeconds, SUMMARY_SECONDS,
                MAX_OTHER_LOG_LINES, maxLines, lines, bytes, unlimited, MAX_OTHER_LOG_LINES));
        s.append(String.format("%nclients%n"));
        for (Map.Entry<String, int[]> l : loss.entrySet()) {
            int sent = l.getValue()[0];
            s.append(String.format("  %-6s %6d pings sent, %6d lost (allowed %d, %.1f %%)%n", l.getKey(), sent,
                    sent - l.getValue()[1], allowedLoss(sent), MAX_PING_LOSS_PERCENT));
        }
        s.append(String.format("  new client registered halfway: %s, first ping after %d ms (start-up included)%n",
                newcomer, newcomerMillis));
        s.append(String.format("%nattacks (kind.outcome=count)%n"));
        network.forEach((k, v) -> s.append("  ").append(k).append('=').append(v).append('\n'));
        management.forEach((k, v) -> s.append("  ").append(k).append('=').append(v).append('\n'));
        s.append(String.format("%nserver counters%n  %s%n  %s%n", tunnelDown.substring(tunnelDown.indexOf("tunnel ")),
                relayDown.substring(relayDown.indexOf("relay "))));
        return s.toString();
    }

    private static void row(StringBuilder s, String what, long start, long end, String bound) {
        s.append(String.format("%-34s %14d %14d %+14d %s%n", what, start, end, end - start, bound));
    }

}
