package org.gost4j.itests;

import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.time.Duration;
import java.util.List;

import org.junit.Test;

/**
 * Thousands of malformed datagrams (random bytes, truncated and inconsistent IPv4/IPv6 headers, "GOST" control
 * messages with bad lengths or the server's own address, 9000- and 65507-byte datagrams) sent to the server's
 * UDP port from the client's namespace must neither kill the server nor disturb the real client's tunnel.
 */
public class GarbageFloodTest extends NetnsTestSupport {

    private static final int DATAGRAMS = 5000;

    @Override
    protected String[] requiredCommands() {
        return new String[0];
    }

    @Test(timeout = 120_000)
    public void malformedDatagramsDoNotBreakTheTunnel() throws Exception {
        Appliance server = appliance(SRV, "-L", SERVER_URL);
        Appliance client = appliance(CLI, "-L", CLIENT_URL);
        assertPing(CLI, SRV_TUN_IP, Duration.ofSeconds(10));
        assertPing(SRV, CLI_TUN_IP, Duration.ofSeconds(5));

        List<String> sender = TestEnv.javaMain(GarbageSender.class);
        sender.addAll(List.of(lab.address(SRV), String.valueOf(PORT), String.valueOf(DATAGRAMS), "4242"));
        Netns.Result flood = lab.exec(CLI, Duration.ofSeconds(60), sender.toArray(String[]::new));
        System.out.println("[" + getClass().getSimpleName() + "] flood: " + flood.output().strip()
                .replace('\n', ' '));
        assertTrue("garbage sender failed: " + flood, flood.ok());

        assertAlive(server);
        assertAlive(client);
        assertTrue("server device gone after the flood", lab.isUp(SRV, "tun0"));
        assertPing(CLI, SRV_TUN_IP, Duration.ofSeconds(5));
        assertPing(SRV, CLI_TUN_IP, Duration.ofSeconds(5));
        int loss = pingLoss(CLI, SRV_TUN_IP, 20);
        assertTrue("ping loss " + loss + "% after the flood", loss <= 10);

        String log = server.log();
        assertFalse("a server thread died:\n" + server.logTail(80), log.contains("Exception in thread"));
        assertFalse("server ran out of memory:\n" + server.logTail(80), log.contains("OutOfMemoryError"));
        metric("server log after the flood", log.split("\n").length + " lines");

        // the tunnel logs its counters when it stops: every kind of garbage sent was counted
        assertTrue("server did not stop on SIGTERM", server.stop(Duration.ofSeconds(15)));
        String summary = server.log().lines().filter(line -> line.contains("tunnel service-0 down")).findFirst()
                .orElseThrow(() -> new AssertionError("no counter summary in the server log:\n" + server.logTail(20)));
        metric("server counters", summary.substring(summary.indexOf("down:")));
        for (String reason : new String[] {"malformed=", "truncated=", "oversized=", "bad_control="}) {
            assertTrue("no " + reason + " drops counted: " + summary, summary.contains(reason));
        }
    }
}
