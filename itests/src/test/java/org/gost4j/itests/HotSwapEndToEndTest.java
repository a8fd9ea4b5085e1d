package org.gost4j.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.Test;

/**
 * Hot deployment under traffic: the server runs from its own installation with a bundle in {@code deploy/}
 * instead of {@code bundle/}. While a ping flood crosses the tunnel, the jar is replaced by a new one (FileInstall
 * updates the bundle). No ping may be lost and the tunnel must stay up. Two bundles are swapped: the router the
 * server tunnel uses ({@code router=router0}), and the management bundle, five times, Jolokia answering again after
 * each (it is then also deleted, so FileInstall uninstalls it and its Jolokia endpoint goes); a management bundle
 * that cannot resolve is rolled back by the launcher.
 */
public class HotSwapEndToEndTest extends NetnsTestSupport {

    private static final String JAR = "gost4j-management-" + TestEnv.version() + ".jar";
    private static final String ROUTER_PREFIX = "gost4j-router-";
    private static final String ROUTER_PRESENT = "router router0 present";
    private static final String ROUTED = "172.10.0.0/16";
    private static final int FLOOD_PINGS = 800;
    private static final String ENDPOINT_UP = "Jolokia endpoint on ";
    private static final String ENDPOINT_STOPPED = "Jolokia endpoint stopped";

    /** Set by {@link #startWithManagementInDeploy()}. */
    private Path deployed;
    private Appliance server;
    private Jolokia jolokia;

    @Override
    protected String[] requiredCommands() {
        return new String[] {"curl"};
    }

    @Test(timeout = 180_000)
    public void replacingTheManagementBundleFiveTimesAndRemovingItLosesNoPacket() throws Exception {
        startWithManagementInDeploy();

        List<Integer> lost = new ArrayList<>();
        for (int update = 1; update <= BundleSwaps.UPDATES; update++) {
            int stops = update;
            long[] took = new long[1];
            lost.add(BundleSwaps.lostWhile(lab, CLI, SRV_TUN_IP, "management-" + update, () -> {
                long t0 = System.nanoTime();
                BundleSwaps.replaceInPlace(deployed);
                server.awaitLog(ENDPOINT_STOPPED, stops, Duration.ofSeconds(15));
                server.awaitLog(ENDPOINT_UP, stops + 1, Duration.ofSeconds(15));
                took[0] = (System.nanoTime() - t0) / 1_000_000;
            }));
            assertEquals("Jolokia after update " + update, 200,
                    jolokia.get("read/gost4j:type=service,name=service-0/State").status());
            metric("management bundle update " + update + " through deploy/ (jar replaced to endpoint back)",
                    took[0] + " ms");
        }
        metric("pings lost per update of the management bundle through deploy/ (" + BundleSwaps.PINGS
                + " pings at 10 ms each)", lost);
        assertEquals("pings lost per update of the management bundle", List.of(0, 0, 0, 0, 0), lost);

        int lostToRemoval = BundleSwaps.lostWhile(lab, CLI, SRV_TUN_IP, "management-removed", () -> {
            Files.delete(deployed);
            server.awaitLog(ENDPOINT_STOPPED, BundleSwaps.UPDATES + 1, Duration.ofSeconds(15));
        });
        metric("pings lost while the management bundle was uninstalled", lostToRemoval);
        assertEquals("pings lost while the management bundle was uninstalled", 0, lostToRemoval);
        assertAlive(server);
        assertTrue(lab.isUp(SRV, "tun0"));
        assertEquals(0, jolokia.get("version").status()); // the endpoint left with its bundle
    }

    /**
     * A management jar that cannot resolve replaces the deployed one: the management bundle cannot roll its own
     * update back (it is stopped by it), so the launcher does, and the previous management runs again.
     */
    @Test(timeout = 150_000)
    public void aBrokenManagementBundleDroppedIntoDeployIsRolledBackByTheLauncher() throws Exception {
        startWithManagementInDeploy();
        Path broken = lab.workDir().resolve("." + JAR + ".broken");
        BundleSwaps.unresolvableVersionOf(deployed, broken);

        String rolledBack = "org.gost4j.management did not start after its update";
        int lost = BundleSwaps.lostWhile(lab, CLI, SRV_TUN_IP, "broken-management", () -> {
            Files.move(broken, deployed, StandardCopyOption.REPLACE_EXISTING);
            server.awaitLog(rolledBack, 1, Duration.ofSeconds(15));
            server.awaitLog(ENDPOINT_UP, 2, Duration.ofSeconds(10));
        });
        metric("pings lost while a broken management bundle dropped into deploy/ was rolled back", lost);
        assertEquals("pings lost while a broken management bundle was rolled back", 0, lost);
        assertEquals("Jolokia answers again", 200,
                jolokia.get("read/gost4j:type=service,name=service-0/State").status());
        String log = server.log();
        assertTrue(server.logTail(40), log.contains(rolledBack + " (") && log.contains("org.gost4j.nonexistent")
                && log.contains("the previous version runs again"));
        assertEquals("logged once", 1, log.split(rolledBack, -1).length - 1);
        assertTrue("a stack trace was logged\n" + server.logTail(60), !log.contains("\tat "));
        assertTrue("the tunnel went down\n" + server.logTail(40), !log.contains("tunnel service-0 down"));
        assertPing(CLI, SRV_TUN_IP, Duration.ofSeconds(3));
        assertAlive(server);
    }

    /**
     * A server from a private installation whose management bundle is in deploy/ instead of bundle/, its client
     * pinging it, and the server's Jolokia endpoint (the deployed bundle's) answering.
     */
    private void startWithManagementInDeploy() throws Exception {
        Path home = BundleSwaps.copyDistribution(lab.workDir());
        deployed = home.resolve("deploy").resolve(JAR);
        Files.move(home.resolve("bundle").resolve(JAR), deployed);
        server = appliance(home, SRV, "tun0", "-L", SERVER_URL);
        appliance(CLI, "-L", CLIENT_URL);
        assertPing(CLI, SRV_TUN_IP, Duration.ofSeconds(10));
        jolokia = new Jolokia(lab, SRV, home);
        jolokia.awaitUp(Duration.ofSeconds(20));
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
