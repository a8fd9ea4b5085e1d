package org.gost4j.itests;

import static org.gost4j.itests.TapEndToEndTest.CLI_TAP_IP;
import static org.gost4j.itests.TapEndToEndTest.SRV_TAP_IP;

import java.time.Duration;

import org.junit.Test;

/**
 * Interoperability with a bare TAP-over-UDP peer: socat with {@code tun-type=tap,iff-no-pi} carries one
 * Ethernet frame per datagram, exactly like GOST's TAP mode, which has no control messages at all.
 */
public class TapSocatInteropTest extends NetnsTestSupport {

    private static final String SOCAT_TAP = ",tun-type=tap,tun-name=tap0,iff-no-pi,up";

    @Test(timeout = 90_000)
    public void socatClientAgainstGost4jServer() {
        Appliance server = appliance(SRV, "-L", "tap://:" + PORT + "?net=" + SRV_TAP_IP + "/24&name=tap0");
        Process socat = socat(CLI, "UDP:" + lab.address(SRV) + ":" + PORT, "TUN:" + CLI_TAP_IP + "/24" + SOCAT_TAP);
        awaitDeviceUp(CLI, "tap0", socat);

        Duration first = assertPing(CLI, SRV_TAP_IP, Duration.ofSeconds(10));
        metric("socat tap client -> gost4j tap server, first reply", first.toMillis() + " ms");
        assertPing(SRV, CLI_TAP_IP, Duration.ofSeconds(5));
        assertAlive(server);
    }

    @Test(timeout = 90_000)
    public void gost4jClientAgainstSocatServer() {
        Process socat = socat(SRV, "TUN:" + SRV_TAP_IP + "/24" + SOCAT_TAP, "UDP-LISTEN:" + PORT + ",reuseaddr");
        awaitDeviceUp(SRV, "tap0", socat);
        Appliance client = appliance(CLI, "-L",
                "tap://:0/" + lab.address(SRV) + ":" + PORT + "?net=" + CLI_TAP_IP + "/24&name=tap0");

        // socat takes the first datagram's sender as its peer: our client's ARP request
        Duration first = assertPing(CLI, SRV_TAP_IP, Duration.ofSeconds(10));
        metric("gost4j tap client -> socat tap server, first reply", first.toMillis() + " ms");
        assertPing(SRV, CLI_TAP_IP, Duration.ofSeconds(5));
        assertAlive(client);
    }
}
