package org.gost4j.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.Test;

/**
 * The server's TUN interface is deleted under a running tunnel (its descriptor then fails every read with
 * EBADFD) and its name taken by another interface, so no new device can be opened: the server must not spin
 * (CPU near idle), its MBean must say failed and count the failure, and once the name is free again a new
 * device is opened and pings pass again. Before, the read error was retried in a busy loop (a whole CPU) and the
 * MBean said running.
 */
public class DeviceFailureEndToEndTest extends NetnsTestSupport {

    private static final String SERVICE = "gost4j:type=service,name=service-0";
    private static final long CLOCK_TICKS_PER_SECOND = 100;

    @Override
    protected String[] requiredCommands() {
        return new String[] {"curl"};
    }

    @Test(timeout = 120_000)
    public void aDeletedDeviceFailsTheTunnelWithoutSpinningAndANewOneIsOpenedWhenPossible() throws Exception {
        Appliance server = appliance(SRV, "-L", SERVER_URL);
        appliance(CLI, "-L", CLIENT_URL);
        assertPing(CLI, SRV_TUN_IP, Duration.ofSeconds(10));
        Jolokia jolokia = new Jolokia(lab, SRV, TestEnv.home());
        jolokia.awaitUp(Duration.ofSeconds(15));
        assertEquals("up", read(jolokia, "State"));
        assertEquals("0", read(jolokia, "DeviceFailures"));

        // Delete the interface and take its name at once, before the first reopen (1 s later) can.
        lab.exec(SRV, Duration.ofSeconds(5), "sh", "-c", "ip link del tun0 && ip link add tun0 type veth peer name tun0peer")
                .check("delete tun0 and put a veth pair in its place");
        Await.until(Duration.ofSeconds(10), "the MBean says failed", () -> "failed".equals(read(jolokia, "State")));
        assertEquals("1", read(jolokia, "DeviceFailures"));
        server.awaitLog("reopening device tun0 failed", 1, Duration.ofSeconds(10)); // a reopen was tried and refused

        double cpu = cpuPercent(server.pid(), Duration.ofSeconds(3));
        metric("server CPU while its device is failed", String.format("%.1f %%", cpu));
        assertTrue("the failed tunnel spins: " + cpu + " % of a CPU", cpu < 15);
        assertEquals("still failed: the name is taken", "failed", read(jolokia, "State"));

        lab.exec(SRV, Duration.ofSeconds(5), "ip", "link", "del", "tun0").check("free the name");
        Await.until(Duration.ofSeconds(20), "a new device is opened", () -> "up".equals(read(jolokia, "State")));
        assertTrue("tun0 is a TUN device again", lab.link(SRV, "tun0") != null);
        assertPing(CLI, SRV_TUN_IP, Duration.ofSeconds(15));
        assertEquals("one failure, recovered", "1", read(jolokia, "DeviceFailures"));
        assertAlive(server);
    }

    private static String read(Jolokia jolokia, String attribute) {
        Jolokia.Response response = jolokia.get("read/" + SERVICE + "/" + attribute);
        Matcher m = Pattern.compile("\"value\":\"?([^\",}]*)").matcher(response.body());
        return m.find() ? m.group(1) : response.body();
    }

    /** CPU used by the process and its descendants over {@code period}, in percent of one CPU. */
    private static double cpuPercent(long pid, Duration period) throws IOException {
        long before = cpuTicks(pid);
        Netns.sleep(period.toMillis());
        long used = cpuTicks(pid) - before;
        return 100.0 * used / CLOCK_TICKS_PER_SECOND / (period.toMillis() / 1000.0);
    }

    private static long cpuTicks(long pid) throws IOException {
        long total = 0;
        for (ProcessHandle p : Stream.concat(ProcessHandle.of(pid).stream(),
                ProcessHandle.of(pid).stream().flatMap(ProcessHandle::descendants)).toList()) {
            Path stat = Path.of("/proc", Long.toString(p.pid()), "stat");
            if (Files.exists(stat)) {
                String text = Files.readString(stat);
                String[] fields = text.substring(text.lastIndexOf(')') + 2).split(" ");
                total += Long.parseLong(fields[11]) + Long.parseLong(fields[12]); // utime, stime
            }
        }
        return total;
    }
}
