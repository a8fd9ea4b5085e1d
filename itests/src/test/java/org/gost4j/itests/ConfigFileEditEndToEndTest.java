package org.gost4j.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import org.junit.Test;

/**
 * Live edits of the {@code -C} file that must not break a running appliance (issue 16, item 8): an edit that
 * fails its checks is not applied, one that passes them but whose tunnel cannot start is rolled back, and either
 * is reported in one line, in the log and by {@code gost4j:type=config,name=file} (read over Jolokia); the
 * running tunnel keeps carrying pings. A good edit afterwards applies.
 */
public class ConfigFileEditEndToEndTest extends NetnsTestSupport {

    private static final String CONFIG = "read/gost4j:type=config,name=file/LastError";

    @Override
    protected String[] requiredCommands() {
        return new String[] {"curl"};
    }

    @Test(timeout = 180_000)
    public void aBrokenEditLeavesTheRunningTunnelAndIsReportedInOneLine() throws Exception {
        Path yaml = lab.workDir().resolve("server.yaml");
        String server = ManagementEndToEndTest.service("srv", PORT, "tun0", SRV_TUN_IP + "/24");
        Files.writeString(yaml, server);
        Appliance appliance = appliance(TestEnv.home(), SRV, "tun0", "-C", yaml.toString());
        appliance(CLI, "-L", CLIENT_URL + "&keepalive=true&ttl=1s");
        assertPing(CLI, SRV_TUN_IP, Duration.ofSeconds(10));
        Jolokia jolokia = new Jolokia(lab, SRV, TestEnv.home());
        jolokia.awaitUp(Duration.ofSeconds(15));
        String index = ifindex(SRV, "tun0");

        // fails its checks: not applied, the tunnel not even restarted
        Files.writeString(yaml, server + "      bufferSize: 50\n");
        awaitLastError(jolokia, "services[0].listener.metadata.bufferSize: option buffersize: '50' is not in"
                + " 68..65535");
        assertEquals("tun0 was restarted by an edit that was refused", index, ifindex(SRV, "tun0"));
        assertEquals(0, pingLoss(CLI, SRV_TUN_IP, 10));

        // passes the checks, but the kernel refuses the device: applied, failed, rolled back
        Files.writeString(yaml, server.replace("name: tun0", "name: lo"));
        awaitLastError(jolokia, "service srv did not start, rolled back: ");
        assertTrue("tun0 not back after the rollback", lab.awaitUp(SRV, "tun0", Duration.ofSeconds(10)));
        assertPing(CLI, SRV_TUN_IP, Duration.ofSeconds(15));

        // a good edit applies
        Files.writeString(yaml, server + "      mtu: 1400\n");
        awaitLastError(jolokia, "");
        assertTrue(lab.link(SRV, "tun0"), lab.link(SRV, "tun0").contains("mtu 1400"));
        assertPing(CLI, SRV_TUN_IP, Duration.ofSeconds(15));

        assertTrue(appliance.log(), appliance.log().contains("Configuration file not applied"));
        assertFalse("a stack trace in the log:\n" + appliance.logTail(80), appliance.log().contains("\tat "));
    }

    /** Waits until the config MBean's LastError contains {@code expected} (empty: until it is empty). */
    private static void awaitLastError(Jolokia jolokia, String expected) {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        String body = "";
        while (System.nanoTime() < deadline) {
            body = jolokia.get(CONFIG).body().replace("\\/", "/");
            boolean matches = expected.isEmpty() ? body.contains("\"value\":\"\"") : body.contains(expected);
            if (matches) {
                return;
            }
            Netns.sleep(200);
        }
        fail("LastError of the configuration file is not '" + expected + "': " + body);
    }
}
