package org.gost4j.itests;

import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;

import java.time.Duration;

import org.junit.Test;

/**
 * A gost4j TUN server in one namespace and a gost4j TUN client in another, over a veth link: pings both ways
 * through the tunnel, iperf3 TCP both ways, and a clean stop on SIGTERM that removes the device.
 */
public class TunnelEndToEndTest extends NetnsTestSupport {

    /** Sanity floor for TCP through the tunnel on a loaded 2-core CI machine; real figures are far higher. */
    private static final double MIN_MBITS = 10;

    @Override
    protected String[] requiredCommands() {
        return new String[] {"iperf3"};
    }

    @Test(timeout = 150_000)
    public void serverAndClientPassPingsAndTcp() {
        Appliance server = appliance(SRV, "-L", SERVER_URL);
        Appliance client = appliance(CLI, "-L", CLIENT_URL);

        Duration firstPing = assertPing(CLI, SRV_TUN_IP, Duration.ofSeconds(10));
        metric("client launch to first ping reply", Duration.ofNanos(System.nanoTime()
                - client.startedNanos()).toMillis() + " ms (device UP after " + client.startupTime().toMillis()
                + " ms, first reply " + firstPing.toMillis() + " ms later)");
        assertPing(SRV, CLI_TUN_IP, Duration.ofSeconds(5));

        int loss = pingLoss(CLI, SRV_TUN_IP, 50);
        metric("ping loss client->server (50 at 20 ms)", loss + " %");
        assertTrue("ping loss " + loss + "% through an unimpaired tunnel", loss <= 10);
        loss = pingLoss(SRV, CLI_TUN_IP, 50);
        metric("ping loss server->client (50 at 20 ms)", loss + " %");
        assertTrue("ping loss " + loss + "% through an unimpaired tunnel", loss <= 10);

        startIperfServer();
        double up = iperf(false);
        metric("iperf3 TCP client->server through the tunnel", String.format("%.1f Mbit/s", up));
        double down = iperf(true);
        metric("iperf3 TCP server->client through the tunnel", String.format("%.1f Mbit/s", down));
        assertTrue("client->server throughput " + up + " Mbit/s below " + MIN_MBITS, up > MIN_MBITS);
        assertTrue("server->client throughput " + down + " Mbit/s below " + MIN_MBITS, down > MIN_MBITS);

        assertAlive(server);
        assertAlive(client);
        // the framework extracted and loaded both bundles' JNI libraries (Bundle-NativeCode)
        for (Appliance a : new Appliance[] {client, server}) {
            assertTrue(a.logTail(40), a.log().contains("UDP through native Linux sockets (GRO, GSO), calls through JNI"));
            assertTrue(a.logTail(40), a.log().lines().anyMatch(line -> line.contains("opened TUN " + a.device() + ",")
                    && line.endsWith("calls through JNI")));
        }

        // SIGTERM stops the appliance cleanly and removes its device
        for (Appliance a : new Appliance[] {client, server}) {
            long t0 = System.nanoTime();
            boolean clean = a.stop(Duration.ofSeconds(15));
            assertTrue(a + " did not exit within 15 s of SIGTERM (SIGKILLed)\n" + a.logTail(40), clean);
            metric(a.side() + " stop on SIGTERM", (System.nanoTime() - t0) / 1_000_000 + " ms, exit "
                    + a.exitCode());
            assertNull(a + " left its device behind", lab.link(a.side(), a.device()));
        }
    }

    /** Both tunnel ends with an IPv4 and an IPv6 address: IPv6 packets cross the tunnel too. */
    @Test(timeout = 90_000)
    public void ipv6AddressesWorkThroughTheTunnel() {
        appliance(SRV, "-L", "tun://:" + PORT + "?net=" + SRV_TUN_IP + "/24,fd00:123::1/64&name=tun0");
        appliance(CLI, "-L", "tun://:0/10.200.0.1:" + PORT + "?net=" + CLI_TUN_IP + "/24,fd00:123::2/64&name=tun0");
        String addrs = lab.exec(CLI, java.time.Duration.ofSeconds(5), "ip", "-6", "addr", "show", "dev", "tun0")
                .output();
        assertTrue("client tun0 has no fd00:123::2: " + addrs, addrs.contains("fd00:123::2/64"));
        // the client registers its IPv4 address; IPv6 works once the server has learned the client's address
        assertPing(CLI, SRV_TUN_IP, Duration.ofSeconds(10));
        // DAD may keep a fresh address tentative for a moment, hence the longer wait
        assertPing(CLI, "fd00:123::1", Duration.ofSeconds(10));
        assertPing(SRV, "fd00:123::2", Duration.ofSeconds(5));
    }
}
