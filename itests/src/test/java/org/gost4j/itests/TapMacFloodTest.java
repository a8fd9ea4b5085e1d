package org.gost4j.itests;

import static org.gost4j.itests.TapEndToEndTest.CLI_TAP_IP;
import static org.gost4j.itests.TapEndToEndTest.SRV_TAP_IP;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.Test;

/**
 * Frames with thousands of random source MACs sent to a TAP server's UDP port: its MAC table must stop at its
 * cap (4096), count the frames it refused, and keep carrying the real client's traffic.
 */
public class TapMacFloodTest extends NetnsTestSupport {

    private static final int CAP = 4096;
    private static final int FRAMES = 12_000;

    @Override
    protected String[] requiredCommands() {
        return new String[0];
    }

    @Test(timeout = 120_000)
    public void randomSourceMacsStopAtTheCap() throws Exception {
        Appliance server = appliance(SRV, "-L", "tap://:" + PORT + "?net=" + SRV_TAP_IP + "/24&name=tap0");
        Appliance client = appliance(CLI, "-L",
                "tap://:0/" + lab.address(SRV) + ":" + PORT + "?net=" + CLI_TAP_IP + "/24&name=tap0");
        assertPing(CLI, SRV_TAP_IP, Duration.ofSeconds(10));

        List<String> sender = TestEnv.javaMain(FrameFloodSender.class);
        sender.addAll(List.of(lab.address(SRV), String.valueOf(PORT), String.valueOf(FRAMES), "4711"));
        Netns.Result flood = lab.exec(CLI, Duration.ofSeconds(60), sender.toArray(String[]::new));
        assertTrue("frame flood failed: " + flood, flood.ok());
        metric("tap MAC flood", flood.output().strip());

        assertAlive(server);
        assertAlive(client);
        assertPing(CLI, SRV_TAP_IP, Duration.ofSeconds(5));
        assertPing(SRV, CLI_TAP_IP, Duration.ofSeconds(5));
        int loss = pingLoss(CLI, SRV_TAP_IP, 20);
        assertTrue("ping loss " + loss + "% after the flood", loss <= 10);
        assertTrue("no warning that the MAC table is full:\n" + server.logTail(40),
                server.log().contains("MAC table full (" + CAP + " entries)"));

        assertTrue(server.stop(Duration.ofSeconds(15)));
        String stop = TapEndToEndTest.stopLine(server);
        metric("tap server at stop", stop);
        Matcher peers = Pattern.compile("(\\d+) peers").matcher(stop);
        Matcher refused = Pattern.compile("mac_table_full=(\\d+)").matcher(stop);
        assertTrue("no peer count in: " + stop, peers.find());
        assertTrue("no mac_table_full drops in: " + stop, refused.find());
        int entries = Integer.parseInt(peers.group(1));
        long drops = Long.parseLong(refused.group(1));
        assertTrue("MAC table grew to " + entries + " entries, cap " + CAP, entries <= CAP);
        assertTrue("MAC table did not fill (" + entries + " entries)", entries > CAP - 10);
        // every frame beyond the cap that arrived was refused; allow for datagrams lost on the way
        assertTrue(drops + " refused frames of " + FRAMES + " with a cap of " + CAP, drops > (FRAMES - CAP) / 2);
        assertFalse("a server thread died", server.log().contains("Exception in thread"));
    }
}
