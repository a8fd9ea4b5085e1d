package org.gost4j.itests;

import java.time.Duration;

import org.junit.Test;

/**
 * Interoperability with a bare TUN-over-UDP peer: socat carries one raw IP packet per datagram, exactly like
 * GOST's data plane, but sends no registration.
 */
public class SocatInteropTest extends NetnsTestSupport {

    /** socat client against our server: the server must learn the client from its packets' source IP. */
    @Test(timeout = 90_000)
    public void socatClientAgainstGost4jServer() {
        Appliance server = appliance(SRV, "-L", SERVER_URL);
        Process socat = socat(CLI, "UDP:" + lab.address(SRV) + ":" + PORT,
                "TUN:" + CLI_TUN_IP + "/24,tun-name=tun0,iff-no-pi,up");
        awaitDeviceUp(CLI, "tun0", socat);

        // the socat side speaks first: that is how our server learns where 192.168.123.2 is
        Duration first = assertPing(CLI, SRV_TUN_IP, Duration.ofSeconds(10));
        metric("socat client -> gost4j server, first reply", first.toMillis() + " ms");
        assertPing(SRV, CLI_TUN_IP, Duration.ofSeconds(5));
        assertPing(CLI, SRV_TUN_IP, Duration.ofSeconds(5));
        assertAlive(server);
    }

    /** Our client against a socat server: socat takes our registration datagram as its peer address. */
    @Test(timeout = 90_000)
    public void gost4jClientAgainstSocatServer() {
        Process socat = socat(SRV, "TUN:" + SRV_TUN_IP + "/24,tun-name=tun0,iff-no-pi,up",
                "UDP-LISTEN:" + PORT + ",reuseaddr");
        awaitDeviceUp(SRV, "tun0", socat);
        Appliance client = appliance(CLI, "-L", CLIENT_URL);

        Duration first = assertPing(CLI, SRV_TUN_IP, Duration.ofSeconds(10));
        metric("gost4j client -> socat server, first reply", first.toMillis() + " ms");
        assertPing(SRV, CLI_TUN_IP, Duration.ofSeconds(5));
        assertAlive(client);
    }
}
