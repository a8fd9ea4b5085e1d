package org.gost4j.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.time.Duration;

import org.junit.Test;

/**
 * Checks the test harness itself with socat on both ends (no gost4j): the topology works, a socat TUN-over-UDP
 * pair passes pings both ways, and closing the topology ends its processes and deletes its namespaces. If this
 * fails, the other end-to-end failures are about the machine, not about gost4j.
 */
public class NetnsHarnessTest extends NetnsTestSupport {

    @Override
    protected boolean needsDistribution() {
        return false;
    }

    @Test(timeout = 60_000)
    public void socatPairPingsBothWaysAndCloseCleansUp() {
        Process[] pair = socatPairPingsBothWays("UDP-LISTEN:" + PORT, "UDP:" + lab.address(SRV) + ":" + PORT);
        Process server = pair[0];
        Process client = pair[1];

        Netns.Result r = lab.exec(CLI, Duration.ofSeconds(5), "sh", "-c", "exit 7");
        assertEquals(7, r.exitCode());
        assertFalse(r.timedOut());
        Netns.Result slow = lab.exec(CLI, Duration.ofMillis(300), "sleep", "30");
        assertTrue("exec timeout not enforced", slow.timedOut());

        String srvNs = lab.name(SRV);
        assertTrue(srvNs.contains(String.valueOf(ProcessHandle.current().pid())));
        assertFalse(lab.pids(SRV).isEmpty());
        lab.close();
        assertFalse("socat server still running", server.isAlive());
        assertFalse("socat client still running", client.isAlive());
        Netns.Result list = Netns.run(java.util.List.of("ip", "netns", "list"), null, Duration.ofSeconds(5));
        assertFalse("namespace " + srvNs + " not deleted", list.output().contains(srvNs));
    }

    /** {@link Netns#ipv6Link}: an IPv6-only link carries socat's TUN over UDP6, and IPv4 no longer crosses it. */
    @Test(timeout = 60_000)
    public void anIpv6OnlyLinkCarriesUdp6AndNoIpv4() {
        lab.ipv6Link(CLI, true);
        assertFalse("IPv4 still crosses the link", lab.ping(CLI, lab.address(SRV), Duration.ofMillis(500)));
        socatPairPingsBothWays("UDP6-LISTEN:" + PORT, "UDP6:[" + lab.hubAddress6(CLI) + "]:" + PORT);
    }

    /** A socat TUN server on {@code listen} in srv and a client over {@code connect} in cli: pings both ways. */
    private Process[] socatPairPingsBothWays(String listen, String connect) {
        Process server = socat(SRV, "TUN:" + SRV_TUN_IP + "/24,tun-name=tun0,iff-no-pi,up", listen + ",reuseaddr");
        awaitDeviceUp(SRV, "tun0", server);
        Process client = socat(CLI, connect, "TUN:" + CLI_TUN_IP + "/24,tun-name=tun0,iff-no-pi,up");
        awaitDeviceUp(CLI, "tun0", client);
        assertPing(CLI, SRV_TUN_IP, Duration.ofSeconds(5));
        assertPing(SRV, CLI_TUN_IP, Duration.ofSeconds(5));
        return new Process[] {server, client};
    }
}
