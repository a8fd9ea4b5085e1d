package org.gost4j.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.Test;

/**
 * TUN over the GOST relay protocol over WebSocket+TLS: the server runs {@code tun://:8421} and
 * {@code relay+wss://:8443}, the client {@code tun://:0/:8421} with {@code -F relay+wss://10.200.0.1:8443}.
 * The server's UDP port 8421 is firewalled from the client's link (a policy routing rule that blackholes UDP to
 * 8421 arriving on the server's veth; this machine's kernel has neither nftables nor tc actions), so the tunnel
 * provably goes through the chain; a datagram sent there directly never reaches the tunnel server.
 */
public class RelayChainEndToEndTest extends NetnsTestSupport {

    private static final int RELAY_PORT = 8443;
    private static final double MIN_MBITS = 5;
    private static final String RELAY_URL = "relay+wss://alice:s3cret@:" + RELAY_PORT + "?bind=true";
    private static final String CHAINED_CLIENT_URL = "tun://:0/:" + PORT + "?net=" + CLI_TUN_IP + "/24&name=tun0";
    private static final String NODE = "relay+wss://alice:s3cret@10.200.0.1:" + RELAY_PORT;

    @Override
    protected String[] requiredCommands() {
        return new String[] {"iperf3", "socat", "ss", "openssl", "curl"};
    }

    @Test(timeout = 240_000)
    public void pingAndIperfThroughRelayWssWithACheckedCertificate() {
        Path cert = RelayLab.certificate(lab, SRV, "10.200.0.1");
        firewallServerUdp();
        Appliance server = relayServer(RELAY_URL + "&certFile=" + cert + "&keyFile=" + RelayLab.key(lab));
        Appliance client = chainedClient(CLI, "tun0", "-L", CHAINED_CLIENT_URL, "-F", NODE + "?caFile=" + cert);

        assertPing(CLI, SRV_TUN_IP, Duration.ofSeconds(20));
        assertPing(SRV, CLI_TUN_IP, Duration.ofSeconds(5));
        int loss = pingLoss(CLI, SRV_TUN_IP, 50);
        metric("relay+wss ping loss client->server (50 at 20 ms)", loss + " %");
        assertTrue("ping loss " + loss + "% through the relay", loss <= 10);

        startIperfServer();
        double up = iperf(false);
        double down = iperf(true);
        metric("iperf3 TCP client->server through TUN over relay+wss", String.format("%.1f Mbit/s", up));
        metric("iperf3 TCP server->client through TUN over relay+wss", String.format("%.1f Mbit/s", down));
        assertTrue("client->server " + up + " Mbit/s", up > MIN_MBITS);
        assertTrue("server->client " + down + " Mbit/s", down > MIN_MBITS);

        assertTrue(client.logTail(50), client.log().contains("server certificate checked for 10.200.0.1"));
        assertTrue(server.logTail(50), server.log().contains("(user alice): session up: <-> udp"));
        assertAlive(server);
        assertAlive(client);
        assertFirewallDropsDirectUdp(server);
    }

    /** GOST's own answer to "TUN over TLS": relay+tls, the relay stream straight over TLS. */
    @Test(timeout = 180_000)
    public void tunOverRelayTlsWithACheckedCertificate() {
        Path cert = RelayLab.certificate(lab, SRV, "10.200.0.1");
        firewallServerUdp();
        Appliance server = relayServer("relay+tls://alice:s3cret@:" + RELAY_PORT + "?bind=true&certFile=" + cert
                + "&keyFile=" + RelayLab.key(lab));
        Appliance client = chainedClient(CLI, "tun0", "-L", CHAINED_CLIENT_URL, "-F",
                "relay+tls://alice:s3cret@10.200.0.1:" + RELAY_PORT + "?caFile=" + cert);
        assertPing(CLI, SRV_TUN_IP, Duration.ofSeconds(20));
        assertPing(SRV, CLI_TUN_IP, Duration.ofSeconds(5));
        int loss = pingLoss(CLI, SRV_TUN_IP, 50);
        metric("relay+tls ping loss client->server (50 at 20 ms)", loss + " %");
        assertTrue("ping loss " + loss + "% through relay+tls", loss <= 10);
        assertTrue(client.logTail(40), client.log().contains("relay+tls://alice:***@10.200.0.1:" + RELAY_PORT
                + " (server certificate checked for 10.200.0.1)"));
        assertTrue(server.logTail(40), server.log().contains("relay service-1 up: relay+tls on"));
        assertTrue(server.logTail(40), server.log().contains("(user alice): session up: <-> udp"));
        assertAlive(client);
        assertFirewallDropsDirectUdp(server);
    }

    @Test(timeout = 240_000)
    public void theTunnelRecoversWhenTheConnectionIsKilledOrTheServerRestarts() {
        firewallServerUdp();
        Appliance server = relayServer(RELAY_URL);
        Appliance client = chainedClient(CLI, "tun0", "-L", CHAINED_CLIENT_URL, "-F", NODE + "?secure=false");
        assertPing(CLI, SRV_TUN_IP, Duration.ofSeconds(20));

        // kill the client's TCP connection under a running transfer
        Process flood = lab.spawn(CLI, lab.workDir().resolve("ping-flood.log"), Map.of(), "ping", "-n", "-i", "0.01",
                "-c", "500", SRV_TUN_IP);
        Netns.sleep(1000);
        lab.exec(CLI, Duration.ofSeconds(10), "ss", "-K", "dst", "10.200.0.1", "dport", "=", ":" + RELAY_PORT)
                .check("ss -K");
        long t0 = System.nanoTime();
        assertPing(CLI, SRV_TUN_IP, Duration.ofSeconds(20));
        metric("relay+wss: ping back after the TCP connection was killed", (System.nanoTime() - t0) / 1_000_000 + " ms");
        Netns.terminate(flood, Duration.ofSeconds(2));
        assertTrue(client.logTail(40), client.log().contains("down (") && client.log().contains("reconnecting"));

        // restart the whole server appliance (tun server and relay)
        server.stop(Duration.ofSeconds(15));
        Netns.sleep(1000);
        relayServer(RELAY_URL);
        t0 = System.nanoTime();
        assertPing(CLI, SRV_TUN_IP, Duration.ofSeconds(40));
        metric("relay+wss: ping back after the server restarted", (System.nanoTime() - t0) / 1_000_000 + " ms");
        assertAlive(client);
    }

    @Test(timeout = 240_000)
    public void badClientsAreRefusedAndTheServerKeepsServing() {
        firewallServerUdp();
        Appliance server = relayServer(RELAY_URL);
        String wss = "wss://10.200.0.1:" + RELAY_PORT + "/ws";

        // plain TCP garbage on the TLS port, and HTTPS without a WebSocket upgrade
        lab.exec(CLI, Duration.ofSeconds(15), "sh", "-c", "printf 'GARBAGE\\r\\n\\r\\n' | socat -t 5 - TCP:10.200.0.1:"
                + RELAY_PORT);
        Netns.Result http = lab.exec(CLI, Duration.ofSeconds(15), "curl", "-sk", "-i", "-m", "10", wss.replace("wss", "https"));
        assertTrue(http.toString(), http.output().startsWith("HTTP/1.1 400")
                && http.output().contains("expected a WebSocket upgrade"));

        String target = "020004" + "03" + "00" + String.format("%04x", PORT); // ":8421", as GOST writes it
        String wrongPassword = "0181" + "0015" + "01000b" + "05" + "616c696365" + "04" + "6e6f7065" + target;
        assertEquals("01020000\nclose 1008", probe(wss, wrongPassword));      // unauthorized
        assertEquals("01010000\nclose 1008", probe(wss, "02810000"));          // bad version: bad request
        // the relay reaches this host's tunnel server, nothing else: not another local port, not TCP
        String auth = "01000d" + "05" + "616c696365" + "06" + "733363726574";
        assertEquals("01030000\nclose 1008", probe(wss, "0181" + "0017" + auth + "020004" + "03" + "00" + "0035"));
        assertEquals("01030000\nclose 1008", probe(wss, "0101" + "0017" + auth + target));
        String truncated = probe(wss, "01810020" + "010002");                   // 32 feature bytes promised, 3 sent
        assertTrue(truncated, truncated.equals("closed") || truncated.startsWith("close"));

        // a gost4j client with the wrong password is refused and says why
        Appliance wrong = chainedClient(CLI, "tun1", "-L", "tun://:0/:" + PORT + "?net=192.168.124.2/24&name=tun1", "-F",
                "relay+wss://alice:wrong@10.200.0.1:" + RELAY_PORT + "?secure=false");
        wrong.awaitLog("relay server refused: unauthorized", 1, Duration.ofSeconds(20));

        // and the real client still gets through
        chainedClient(CLI, "tun0", "-L", CHAINED_CLIENT_URL, "-F", NODE + "?secure=false");
        assertPing(CLI, SRV_TUN_IP, Duration.ofSeconds(20));
        String log = server.log();
        for (String refusal : new String[] {"not TLS", "expected a WebSocket upgrade", "unauthorized",
                "bad relay version 2", "no relay request within", "udp :53 is not in targets (tunnels)",
                "tcp :" + PORT + " is not in targets (tunnels)"}) {
            assertTrue("server log lacks '" + refusal + "'\n" + server.logTail(60), log.contains(refusal));
        }
        assertTrue("the server logged a password\n" + server.logTail(60), !log.contains("s3cret") && !log.contains("nope"));
        assertAlive(server);
    }

    /** Starts the server side (tun + relay) and waits until the relay listens too (a self-signed cert takes a moment). */
    private Appliance relayServer(String relayUrl) {
        Appliance server = appliance(TestEnv.home(), SRV, "tun0", Duration.ofSeconds(40), "-L", SERVER_URL, "-L",
                relayUrl);
        RelayLab.awaitListening(lab, server, SRV, RELAY_PORT);
        return server;
    }

    /** Blackholes UDP to port 8421 arriving on the server's link. */
    private void firewallServerUdp() {
        RelayLab.blackholeUdp(lab, SRV, "veth1", PORT);
    }

    /**
     * Garbage sent straight to the server's UDP port would be counted as a malformed or truncated datagram by
     * the tunnel server, which logs its drop counters when it stops: none may show up.
     */
    private void assertFirewallDropsDirectUdp(Appliance server) {
        for (int i = 0; i < 3; i++) {
            lab.exec(CLI, Duration.ofSeconds(10), "sh", "-c", "printf 'direct' | socat -u - UDP:10.200.0.1:" + PORT);
        }
        Netns.sleep(500);
        server.stop(Duration.ofSeconds(15));
        Matcher down = Pattern.compile("tunnel service-0 down: .*").matcher(server.log());
        assertTrue("no stop line\n" + server.logTail(30), down.find());
        assertTrue("a direct datagram reached the tunnel server: " + down.group(),
                !down.group().contains("malformed") && !down.group().contains("truncated"));
    }

    private String probe(String url, String hex) {
        Path source = TestEnv.root().resolve("itests/src/test/resources/probes/WsProbe.java");
        Netns.Result r = lab.exec(CLI, Duration.ofSeconds(60), TestEnv.java(), source.toString(), url, hex);
        return r.output().strip();
    }
}
