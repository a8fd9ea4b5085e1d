package org.gost4j.itests;

import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;

import java.time.Duration;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.Test;

/**
 * A gost4j TAP server and two gost4j TAP clients, each in its own namespace (the server's namespace is the hub
 * of two veth links): one Ethernet segment across the tunnel, so ARP, IPv4, IPv6 neighbour discovery and TCP
 * must work between all three tunnel addresses, client to client through the server's MAC table.
 */
public class TapEndToEndTest extends NetnsTestSupport {

    static final String CLI2 = "cli2";
    static final String SRV_TAP_IP = "192.168.124.1";
    static final String CLI_TAP_IP = "192.168.124.2";
    static final String CLI2_TAP_IP = "192.168.124.3";
    static final String TAP_SERVER_URL = "tap://:" + PORT + "?net=" + SRV_TAP_IP + "/24,fd00:124::1/64&name=tap0";
    /** Client {@code n} (1 or 2) reaches the server over link {@code n} of the hub, 10.200.(n-1).1. */
    static String tapClientUrl(int n, String ip, String ip6) {
        return "tap://:0/10.200." + (n - 1) + ".1:" + PORT + "?net=" + ip + "/24," + ip6 + "/64&name=tap0";
    }

    /** Sanity floor for TCP through the tunnel on a loaded 2-core CI machine; real figures are far higher. */
    private static final double MIN_MBITS = 10;

    @Override
    protected String[] sides() {
        return new String[] {SRV, CLI, CLI2};
    }

    @Override
    protected String[] requiredCommands() {
        return new String[] {"iperf3"};
    }

    @Test(timeout = 180_000)
    public void serverAndTwoClientsFormOneSegment() {
        Appliance server = appliance(SRV, "-L", TAP_SERVER_URL);
        Appliance a = appliance(CLI, "-L", tapClientUrl(1, CLI_TAP_IP, "fd00:124::2"));
        Appliance b = appliance(CLI2, "-L", tapClientUrl(2, CLI2_TAP_IP, "fd00:124::3"));

        // ARP resolves each address first: the request is flooded, the reply is unicast to a learned MAC
        Duration first = assertPing(CLI, SRV_TAP_IP, Duration.ofSeconds(10));
        metric("tap client -> server, first reply (ARP included)", first.toMillis() + " ms");
        assertPing(CLI2, SRV_TAP_IP, Duration.ofSeconds(10));
        assertPing(SRV, CLI_TAP_IP, Duration.ofSeconds(5));
        assertPing(SRV, CLI2_TAP_IP, Duration.ofSeconds(5));
        assertPing(CLI, CLI2_TAP_IP, Duration.ofSeconds(5));
        assertPing(CLI2, CLI_TAP_IP, Duration.ofSeconds(5));
        String neighbours = lab.exec(CLI, Duration.ofSeconds(5), "ip", "neigh", "show", "dev", "tap0").output();
        assertTrue("client A learned no MAC for client B by ARP: " + neighbours, neighbours.contains(CLI2_TAP_IP));

        // neighbour solicitations go to solicited-node multicast groups: the server must flood multicast
        assertPing(CLI, "fd00:124::1", Duration.ofSeconds(15)); // DAD keeps fresh addresses tentative a while
        assertPing(CLI, "fd00:124::3", Duration.ofSeconds(10));
        assertPing(SRV, "fd00:124::3", Duration.ofSeconds(5));
        assertPing(CLI2, "fd00:124::2", Duration.ofSeconds(5));

        int loss = pingLoss(CLI, CLI2_TAP_IP, 50);
        metric("tap ping loss client A -> client B (50 at 20 ms)", loss + " %");
        assertTrue("ping loss " + loss + "% between the clients", loss <= 10);

        lab.spawn(SRV, lab.workDir().resolve("iperf3-server.log"), Map.of(),
                "iperf3", "-s", "-B", SRV_TAP_IP, "-p", "5201");
        double up = iperf(CLI, SRV_TAP_IP, false);
        metric("iperf3 TCP tap client->server", String.format("%.1f Mbit/s", up));
        double down = iperf(CLI, SRV_TAP_IP, true);
        metric("iperf3 TCP tap server->client", String.format("%.1f Mbit/s", down));
        assertTrue("client->server throughput " + up + " Mbit/s below " + MIN_MBITS, up > MIN_MBITS);
        assertTrue("server->client throughput " + down + " Mbit/s below " + MIN_MBITS, down > MIN_MBITS);

        for (Appliance app : new Appliance[] {a, b, server}) {
            assertAlive(app);
            assertTrue(app + " did not exit within 15 s of SIGTERM\n" + app.logTail(40),
                    app.stop(Duration.ofSeconds(15)));
            assertNull(app + " left its device behind", lab.link(app.side(), app.device()));
        }
        metric("tap server at stop", stopLine(server));
    }

    /** GOST's TAP {@code route} with {@code gw}: the networks go via the gateway on the tap link. */
    @Test(timeout = 90_000)
    public void routesViaAGatewayOnTheLink() {
        lab.exec(SRV, Duration.ofSeconds(5), "ip", "addr", "add", "172.30.0.1/32", "dev", "lo");
        appliance(SRV, "-L", TAP_SERVER_URL);
        appliance(CLI, "-L", tapClientUrl(1, CLI_TAP_IP, "fd00:124::2") + "&route=172.30.0.0/16&gw=" + SRV_TAP_IP);
        String routes = lab.exec(CLI, Duration.ofSeconds(5), "ip", "route", "show", "dev", "tap0").output();
        assertTrue("no next-hop route on the client: " + routes,
                routes.contains("172.30.0.0/16 via " + SRV_TAP_IP));
        assertPing(CLI, "172.30.0.1", Duration.ofSeconds(10));
    }

    /** The counters the tunnel logs when it stops. */
    static String stopLine(Appliance app) {
        Matcher m = Pattern.compile("tunnel \\S+ down: .*").matcher(app.log());
        return m.find() ? m.group() : "(no stop line)";
    }
}
