package org.gost4j.itests;

import static org.junit.Assert.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.Test;

/**
 * TCP through the tunnel with the device's offloads off, and with them on against socat: with offloads the
 * sending kernel hands the appliance TCP super-packets, which must leave as plain MTU-sized packets that a
 * socat (or GOST) peer, which knows nothing of offloads, takes one per datagram.
 */
public class OffloadEndToEndTest extends NetnsTestSupport {

    /** Sanity floor on a loaded 2-core CI machine; real figures are far higher. */
    private static final double MIN_MBITS = 10;

    @Override
    protected String[] requiredCommands() {
        return new String[] {"iperf3", "socat"};
    }

    /** The path without any batching: no device offloads, and JDK datagram channels instead of GRO/GSO sockets. */
    @Test(timeout = 120_000)
    public void tcpWithOffloadsOff() {
        Map<String, String> jdkSockets = Map.of("org.gost4j.transport.udp.cfg", "native = false\n");
        Appliance server = appliance(PrivateHome.create(lab.workDir(), Set.of(), jdkSockets).path(), SRV, "tun0",
                "-L", SERVER_URL + "&offload=false");
        Appliance client = appliance(PrivateHome.create(lab.workDir(), Set.of(), jdkSockets).path(), CLI, "tun0",
                "-L", CLIENT_URL + "&offload=false");
        assertPing(CLI, SRV_TUN_IP, Duration.ofSeconds(10));
        assertTcpBothWays("offloads off");
        assertTransferIntact(CLI, SRV, SRV_TUN_IP, 32);
        assertTransferIntact(SRV, CLI, CLI_TUN_IP, 32);
        assertTrue(server.log(), server.log().contains("offloads off"));
        assertTrue(client.log(), client.log().contains("offloads off"));
        assertTrue(server.log(), server.log().contains("UDP through JDK datagram channels"));
    }

    @Test(timeout = 120_000)
    public void tcpBetweenAnOffloadingClientAndASocatServer() {
        Process socat = socat(SRV, "TUN:" + SRV_TUN_IP + "/24,tun-name=tun0,iff-no-pi,up",
                "UDP-LISTEN:" + PORT + ",reuseaddr");
        awaitDeviceUp(SRV, "tun0", socat);
        Appliance client = appliance(CLI, "-L", CLIENT_URL);
        assertPing(CLI, SRV_TUN_IP, Duration.ofSeconds(10));
        assertTcpBothWays("gost4j client (offloads on) <-> socat server");
        assertTrue(client.log(), client.log().contains("offloads on"));
        assertAlive(client);
    }

    @Test(timeout = 120_000)
    public void tcpBetweenASocatClientAndAnOffloadingServer() {
        Appliance server = appliance(SRV, "-L", SERVER_URL);
        Process socat = socat(CLI, "UDP:" + lab.address(SRV) + ":" + PORT,
                "TUN:" + CLI_TUN_IP + "/24,tun-name=tun0,iff-no-pi,up");
        awaitDeviceUp(CLI, "tun0", socat);
        assertPing(CLI, SRV_TUN_IP, Duration.ofSeconds(10)); // teaches the server where the socat client is
        assertTcpBothWays("socat client <-> gost4j server (offloads on)");
        assertTrue(server.log(), server.log().contains("offloads on"));
        assertAlive(server);
    }

    @Test(timeout = 120_000)
    public void bulkDataArrivesIntactBetweenTwoOffloadingAppliances() {
        Appliance server = appliance(SRV, "-L", SERVER_URL);
        Appliance client = appliance(CLI, "-L", CLIENT_URL);
        assertPing(CLI, SRV_TUN_IP, Duration.ofSeconds(10));
        assertTransferIntact(CLI, SRV, SRV_TUN_IP, 64);
        assertTransferIntact(SRV, CLI, CLI_TUN_IP, 64);
        assertAlive(server);
        assertAlive(client);
        stopAll(); // the device logs its counters when it closes
        assertTrue(server.log(), server.log().contains("UDP through native Linux sockets"));
        for (Appliance a : List.of(server, client)) {
            Matcher joined = Pattern.compile("wrote ([0-9,]+) super-packets").matcher(a.log());
            assertTrue(a.log(), joined.find());
            assertTrue("received segments were coalesced: " + joined.group(), Long.parseLong(
                    joined.group(1).replace(",", "")) > 0);
        }
    }

    private void assertTcpBothWays(String what) {
        startIperfServer();
        double up = iperf(false);
        metric("iperf3 TCP client->server, " + what, String.format("%.1f Mbit/s", up));
        double down = iperf(true);
        metric("iperf3 TCP server->client, " + what, String.format("%.1f Mbit/s", down));
        assertTrue("client->server " + up + " Mbit/s below " + MIN_MBITS, up > MIN_MBITS);
        assertTrue("server->client " + down + " Mbit/s below " + MIN_MBITS, down > MIN_MBITS);
    }
}
