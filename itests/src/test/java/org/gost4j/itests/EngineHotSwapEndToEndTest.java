package org.gost4j.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.Test;

/**
 * The packet engine replaced under traffic: the server's tunnel bundle sits in {@code deploy/} and is updated
 * five times (a new jar put in place, FileInstall updates the bundle) while a ping every 10 ms crosses the
 * tunnel. The clients never register again (no keepalive), so they are reachable afterwards only if the new
 * engine took over the old one's peers: a TUN client behind an auther, and a TAP client whose MAC the server
 * learned. The device and the socket are handed over from engine to engine (parked in their driver and transport
 * meanwhile), so the interface is never made again and no ping is lost.
 */
public class EngineHotSwapEndToEndTest extends NetnsTestSupport {

    private static final String TUNNEL_JAR = "gost4j-tunnel-" + TestEnv.version() + ".jar";
    private static final String TOOK_OVER = "took over from the previous engine";
    private static final int UPDATES = 5;

    @Test(timeout = 180_000)
    public void aTunClientWithoutKeepaliveBehindAnAutherStaysReachableAcrossFiveEngineUpdates() throws Exception {
        Path home = tunnelInDeploy();
        Appliance server = tunServerWithAutherAndItsClient(home);

        assertNothingLostAcrossUpdates(home, server, CLI, SRV_TUN_IP, "tun0", "1 of 1 peers",
                "TUN server with auther, client without keepalive");
    }

    @Test(timeout = 180_000)
    public void aTapServerKeepsItsLearnedMacsAcrossFiveEngineUpdates() throws Exception {
        Path home = tunnelInDeploy();
        Appliance server = appliance(home, SRV, "tap0", "-L", "tap://:" + PORT + "?net=192.168.124.1/24&name=tap0");
        appliance(CLI, "-L", "tap://:0/10.200.0.1:" + PORT + "?net=192.168.124.2/24&name=tap0");
        assertPing(SRV, "192.168.124.2", Duration.ofSeconds(10));

        // the server's pings reach the client only while the server knows the client's MAC (or the client at all)
        assertNothingLostAcrossUpdates(home, server, SRV, "192.168.124.2", "tap0", "MACs", "TAP server pinging its client");
        assertTrue(server.log(), !server.log().contains(TOOK_OVER + ": counters, 0 of"));
    }

    @Test(timeout = 120_000)
    public void aBrokenTunnelBundleDroppedIntoDeployIsRolledBackAndTheTunnelKeepsItsClient() throws Exception {
        Path home = tunnelInDeploy();
        Appliance server = tunServerWithAutherAndItsClient(home);
        Path deployed = home.resolve("deploy").resolve(TUNNEL_JAR);
        Path broken = lab.workDir().resolve("." + TUNNEL_JAR + ".broken");
        BundleSwaps.unresolvableVersionOf(deployed, broken);

        int lost = BundleSwaps.lostWhile(lab, CLI, SRV_TUN_IP, "broken-deploy", () -> {
            Files.move(broken, deployed, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            server.awaitLog("did not start after its update", 1, Duration.ofSeconds(15));
            server.awaitLog(TOOK_OVER, 1, Duration.ofSeconds(10));
        });
        metric("pings lost while a broken tunnel bundle dropped into deploy/ was rolled back", lost);
        long withoutEngine = savedMillisBefore(server.log());
        metric("ms without an engine while a broken tunnel bundle dropped into deploy/ was rolled back", withoutEngine);
        // rolled back once the new revision is found not to resolve, not after the 3 s a start is given
        assertTrue(withoutEngine + " ms without an engine", withoutEngine < 1_500);
        assertEquals("pings lost while the broken bundle was rolled back", 0, lost);
        assertPing(CLI, SRV_TUN_IP, Duration.ofSeconds(3));
        assertTrue(server.log(), server.log().contains("org.gost4j.nonexistent"));
        assertEquals("logged once", 1, server.log().split("did not start after its update", -1).length - 1);
        assertAlive(server);
    }

    /** How long the engine that took over found the stopped one's state saved (its line says "saved N ms before"). */
    private static long savedMillisBefore(String log) {
        Matcher saved = Pattern.compile(TOOK_OVER + ".*\\(saved (\\d+) ms before\\)").matcher(log);
        assertTrue(log, saved.find());
        return Long.parseLong(saved.group(1));
    }

    /**
     * Updates the tunnel bundle {@link #UPDATES} times while {@code from} pings {@code target}: no ping may be
     * lost, the device must be the same interface afterwards, and the target still reachable.
     */
    private void assertNothingLostAcrossUpdates(Path home, Appliance server, String from, String target,
            String deviceName, String restored, String what) throws Exception {
        String device = ifindex(SRV, deviceName);
        List<Integer> lost = updateWhilePinging(home, server, from, target, restored);
        metric("pings lost per update of the tunnel bundle (" + what + ")", lost + " of " + BundleSwaps.PINGS + " each");
        assertPing(from, target, Duration.ofSeconds(3));
        assertEquals("the device was handed over, never made again", device, ifindex(SRV, deviceName));
        assertEquals("pings lost per update " + lost, List.of(0, 0, 0, 0, 0), lost);
        assertAlive(server);
    }

    /** A private installation whose tunnel bundle is in deploy/ (its JNI fragment stays in bundle/). */
    private Path tunnelInDeploy() throws Exception {
        Path home = BundleSwaps.copyDistribution(lab.workDir());
        Files.move(home.resolve("bundle").resolve(TUNNEL_JAR), home.resolve("deploy").resolve(TUNNEL_JAR));
        return home;
    }

    /**
     * Updates the tunnel bundle {@link #UPDATES} times, each while {@code from} pings {@code target} every 10 ms;
     * each update must end with the new engine having taken over the old one's state ({@code restored} in its
     * log line). @return pings lost per update
     */
    private List<Integer> updateWhilePinging(Path home, Appliance server, String from, String target,
            String restored) throws Exception {
        Path deployed = home.resolve("deploy").resolve(TUNNEL_JAR);
        List<Integer> lost = new ArrayList<>();
        for (int update = 1; update <= UPDATES; update++) {
            int taken = update;
            lost.add(BundleSwaps.lostWhile(lab, from, target, "update-" + update, () -> {
                BundleSwaps.replaceInPlace(deployed);
                server.awaitLog(TOOK_OVER, taken, Duration.ofSeconds(10));
                server.awaitLog("tunnel service-0 up", taken + 1, Duration.ofSeconds(10));
            }));
            assertPing(from, target, Duration.ofSeconds(3)); // reachable after this update, not only before it
        }
        assertTrue(server.log(), server.log().contains(restored));
        return lost;
    }
}
