package org.gost4j.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Set;

import org.junit.Test;

/**
 * Hot deployment under traffic: the server runs from its own installation with a bundle in {@code deploy/}
 * instead of {@code bundle/}. While a ping flood crosses the tunnel, the jar is replaced by a new one (FileInstall
 * updates the bundle). No ping may be lost and the tunnel must stay up. Two bundles are swapped: the router the
 * server tunnel uses ({@code router=router0}), and the management bundle (which is then also deleted, so
 * FileInstall uninstalls it and its Jolokia endpoint goes).
 */
public class HotSwapEndToEndTest extends NetnsTestSupport {

    private static final String JAR = "gost4j-management-" + TestEnv.version() + ".jar";
    private static final String ROUTER_PREFIX = "gost4j-router-";
    private static final String ROUTER_PRESENT = "router router0 present";
    private static final String ROUTED = "172.10.0.0/16";
    private static final int FLOOD_PINGS = 800;

    @Override
    protected String[] requiredCommands() {
        return new String[] {"curl"};
    }

    @Test(timeout = 150_000)
    public void replacingAndRemovingTheManagementBundleLosesNoPacket() throws Exception {
        Path home = BundleSwaps.copyDistribution(lab.workDir());
        Path deployed = home.resolve("deploy").resolve(JAR);
        Files.move(home.resolve("bundle").resolve(JAR), deployed);

        Appliance server = appliance(home, SRV, "tun0", "-L", SERVER_URL);
        appliance(CLI, "-L", CLIENT_URL);
        assertPing(CLI, SRV_TUN_IP, Duration.ofSeconds(10));
        Jolokia jolokia = new Jolokia(lab, SRV, home);
        jolokia.awaitUp(Duration.ofSeconds(20)); // the deployed bundle is running

        Path floodLog = lab.workDir().resolve("flood.log");
        Process flood = lab.spawn(CLI, floodLog, Map.of(), "ping", "-n", "-q", "-c", String.valueOf(FLOOD_PINGS),
                "-i", "0.01", "-W", "2", SRV_TUN_IP);
        Netns.sleep(1000);

        long t0 = System.nanoTime();
        BundleSwaps.replaceInPlace(deployed);
        server.awaitLog("Jolokia endpoint stopped", 1, Duration.ofSeconds(15));
        server.awaitLog("Jolokia endpoint on ", 2, Duration.ofSeconds(15));
        metric("bundle update through deploy/ (jar replaced to endpoint back)",
                (System.nanoTime() - t0) / 1_000_000 + " ms");
        assertEquals(200, jolokia.get("read/gost4j:type=service,name=service-0/State").status());

        Files.delete(deployed);
        server.awaitLog("Jolokia endpoint stopped", 2, Duration.ofSeconds(15));

        int lost = BundleSwaps.lostPings(flood, floodLog);
        metric("pings lost while the management bundle was updated and uninstalled", lost + " of " + FLOOD_PINGS);
        assertEquals("pings lost during the hot swap: " + Files.readString(floodLog), 0, lost);
        assertAlive(server);
        assertTrue(lab.isUp(SRV, "tun0"));
        assertEquals(0, jolokia.get("version").status()); // the endpoint left with its bundle
    }

    @Test(timeout = 150_000)
    public void replacingTheRouterBundleLosesNoPacket() throws Exception {
        PrivateHome home = PrivateHome.create(lab.workDir(), Set.of(ROUTER_PREFIX), Map.of("gost4j.router-router0.cfg",
                "name = \"router0\"\nroutes = [\"" + ROUTED + " " + CLI_TUN_IP + "\"]\n"));
        Path deployed = home.path().resolve("deploy").resolve(ROUTER_PREFIX + TestEnv.version() + ".jar");
        assertTrue(deployed + " missing", Files.isRegularFile(deployed));

        Appliance server = appliance(home.path(), SRV, "tun0", "-L", SERVER_URL + "&router=router0");
        appliance(CLI, "-L", CLIENT_URL);
        assertPing(CLI, SRV_TUN_IP, Duration.ofSeconds(10));
        server.awaitLog(ROUTER_PRESENT, 1, Duration.ofSeconds(20));
        assertTrue("the router's network is not on the server's device", serverRoutes(ROUTED));

        Path floodLog = lab.workDir().resolve("router-flood.log");
        Process flood = lab.spawn(CLI, floodLog, Map.of(), "ping", "-n", "-q", "-c", String.valueOf(FLOOD_PINGS),
                "-i", "0.01", "-W", "2", SRV_TUN_IP);
        Netns.sleep(1000);

        long t0 = System.nanoTime();
        BundleSwaps.replaceInPlace(deployed);
        server.awaitLog("router router0 absent", 1, Duration.ofSeconds(15));
        server.awaitLog(ROUTER_PRESENT, 2, Duration.ofSeconds(15));
        metric("router bundle update through deploy/ (jar replaced to router back in the tunnel)",
                (System.nanoTime() - t0) / 1_000_000 + " ms");

        int lost = BundleSwaps.lostPings(flood, floodLog);
        metric("pings lost through the tunnel while the router bundle was updated", lost + " of " + FLOOD_PINGS);
        assertEquals("pings lost during the router swap: " + Files.readString(floodLog), 0, lost);
        assertAlive(server);
        assertTrue(lab.isUp(SRV, "tun0"));
        assertTrue("the new router's network is not on the server's device", serverRoutes(ROUTED));
    }

    private boolean serverRoutes(String network) {
        return lab.exec(SRV, Duration.ofSeconds(5), "ip", "route", "show", "dev", "tun0").output().contains(network);
    }
}
