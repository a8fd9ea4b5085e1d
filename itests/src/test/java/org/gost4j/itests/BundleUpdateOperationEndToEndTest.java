package org.gost4j.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.Test;

/**
 * The management operation {@code updateBundle(name, url)} of {@code gost4j:type=framework,name=bundles}, on a
 * server whose bundles all sit in {@code bundle/} (started at launch, outside hot deployment): each bundle around
 * the tunnel, and the tunnel's own, is updated five times from a new jar while the client pings every 10 ms, and no
 * ping may be lost; the client (no keepalive, behind an auther) is still reachable afterwards. Then a broken tunnel
 * bundle (it imports a package nobody exports, so it cannot resolve) is refused: the operation answers the reason in
 * one line, the previous version runs again, the error is logged once and the tunnel carries pings throughout.
 * Updates of the device driver and the UDP transport restart the tunnel with its peers; their outage is measured
 * and bounded (100 ms). A route the operator added over JMX before the updates is on the device after them all.
 */
public class BundleUpdateOperationEndToEndTest extends NetnsTestSupport {

    /** 100 ms of pings every 10 ms: the bound on a driver's or transport's update. */
    private static final int OUTAGE_PINGS = 10;
    private static final String SERVICE = "gost4j:type=service,name=service-0";
    private static final String OPERATOR_ROUTE = "10.99.0.0/24";
    private static final String ENDPOINT_UP = "Jolokia endpoint on ";

    @Override
    protected String[] requiredCommands() {
        return new String[] {"curl"};
    }

    @Test(timeout = 420_000)
    public void bundlesStartedAtLaunchAreUpdatedInPlaceWithoutLosingAPingAndABrokenOneIsRolledBack()
            throws Exception {
        Path home = BundleSwaps.copyDistribution(lab.workDir());
        Appliance server = tunServerWithAutherAndItsClient(home);
        Jolokia jolokia = new Jolokia(lab, SRV, home);
        jolokia.awaitUp(Duration.ofSeconds(20));
        String device = ifindex(SRV, "tun0");
        String added = jolokia.get("exec/" + SERVICE + "/addRoute/" + OPERATOR_ROUTE.replace("/", "!/")).body()
                .replace("\\/", "/");
        assertTrue(added, added.contains("\"value\":\"added " + OPERATOR_ROUTE + "\""));

        Map<String, List<Integer>> lost = new LinkedHashMap<>();
        for (String bundle : List.of("tunnel", "auther", "router", "config", "chain-relay", "metrics")) {
            lost.put(bundle, BundleSwaps.updateFiveTimes(lab, jolokia, home, bundle, CLI, SRV_TUN_IP));
        }
        for (Map.Entry<String, List<Integer>> bundle : lost.entrySet()) {
            assertEquals("pings lost per update of " + bundle.getKey(), List.of(0, 0, 0, 0, 0), bundle.getValue());
        }
        assertEquals("the device was handed from engine to engine", device, ifindex(SRV, "tun0"));

        // the driver and the transport: the tunnel restarts with its peers, within a bounded outage
        for (String bundle : List.of("device-linux", "transport-udp")) {
            List<Integer> perUpdate = BundleSwaps.updateFiveTimes(lab, jolokia, home, bundle, CLI, SRV_TUN_IP);
            for (int lostPings : perUpdate) {
                assertTrue(bundle + ": more than 100 ms of outage in " + perUpdate, lostPings <= OUTAGE_PINGS);
            }
        }

        assertOperatorRouteKept(jolokia);

        Path broken = lab.workDir().resolve("tunnel-broken.jar");
        BundleSwaps.unresolvableVersionOf(home.resolve("bundle").resolve("gost4j-tunnel-" + TestEnv.version() + ".jar"),
                broken);
        int lostToBroken = BundleSwaps.lostWhile(lab, CLI, SRV_TUN_IP, "broken", () -> {
            String answer = jolokia.exec(BundleSwaps.BUNDLES_MBEAN, "updateBundle", "org.gost4j.tunnel", broken.toUri().toString()).body()
                    .replace("\\/", "/");
            assertTrue(answer, answer.contains("\"status\":500") && answer.contains("not updated from")
                    && answer.contains("org.gost4j.nonexistent") && answer.contains("the previous version runs again"));
        });
        metric("pings lost while a broken tunnel bundle was refused and the previous one restored", lostToBroken);
        assertEquals("pings lost while a broken update was rolled back", 0, lostToBroken);
        assertPing(CLI, SRV_TUN_IP, Duration.ofSeconds(3));
        assertEquals("the failure is logged once", 1, server.log().split("not updated from", -1).length - 1);
        assertTrue(jolokia.get("read/" + SERVICE + "/State").body().contains("\"value\":\"up\""));
        assertAlive(server);
    }

    /** The route the operator added over JMX is still on the device, and still listed, after every update. */
    private void assertOperatorRouteKept(Jolokia jolokia) {
        String kernel = lab.exec(SRV, Duration.ofSeconds(5), "ip", "route", "show", OPERATOR_ROUTE).check("ip route")
                .output();
        assertTrue("the operator's route left the kernel: '" + kernel + "'", kernel.contains("dev tun0"));
        String listed = jolokia.get("read/gost4j:type=device,name=tun0/Routes").body().replace("\\/", "/");
        assertTrue("the operator's route is no longer listed: " + listed, listed.contains(OPERATOR_ROUTE));
    }

    /**
     * The management bundle, in {@code bundle/}, updated through its own operation five times: the operation answers
     * that the update follows and the endpoint answers again (the launcher watches this bundle's updates); no ping may
     * be lost. Then a management jar that cannot resolve: the launcher puts the previous one back, logged once.
     */
    @Test(timeout = 180_000)
    public void theManagementBundleUpdatesItselfThroughTheOperationAndABrokenOneIsRolledBack() throws Exception {
        Path home = BundleSwaps.copyDistribution(lab.workDir());
        Appliance server = tunServerWithAutherAndItsClient(home);
        Jolokia jolokia = new Jolokia(lab, SRV, home);
        jolokia.awaitUp(Duration.ofSeconds(20));
        Path jar = home.resolve("bundle").resolve("gost4j-management-" + TestEnv.version() + ".jar");

        List<Integer> lost = new ArrayList<>();
        for (int update = 1; update <= BundleSwaps.UPDATES; update++) {
            Path fresh = lab.workDir().resolve("management-" + update + ".jar");
            BundleSwaps.newVersionOf(jar, fresh);
            lost.add(BundleSwaps.lostWhile(lab, CLI, SRV_TUN_IP, "management-" + update,
                    () -> updateManagement(server, jolokia, fresh, ENDPOINT_UP)));
            assertEquals("Jolokia after update " + update, 200,
                    jolokia.get("read/" + SERVICE + "/State").status());
        }
        metric("pings lost per updateBundle of management (" + BundleSwaps.PINGS + " pings at 10 ms each)", lost);
        assertEquals("pings lost per update of management", List.of(0, 0, 0, 0, 0), lost);

        Path broken = lab.workDir().resolve("management-broken.jar");
        BundleSwaps.unresolvableVersionOf(jar, broken);
        String rolledBack = "org.gost4j.management did not start after its update";
        int lostToBroken = BundleSwaps.lostWhile(lab, CLI, SRV_TUN_IP, "management-broken",
                () -> updateManagement(server, jolokia, broken, rolledBack));
        server.awaitLog(ENDPOINT_UP, BundleSwaps.UPDATES + 2, Duration.ofSeconds(15));
        metric("pings lost while a broken management bundle was rolled back by the launcher", lostToBroken);
        assertEquals("pings lost while a broken management bundle was rolled back", 0, lostToBroken);
        assertEquals("Jolokia answers again", 200,
                jolokia.get("read/" + SERVICE + "/State").status());
        String log = server.log();
        assertTrue(server.logTail(30), log.contains("org.gost4j.nonexistent"));
        assertEquals("logged once", 1, log.split(rolledBack, -1).length - 1);
        assertTrue("a stack trace was logged\n" + server.logTail(60), !log.contains("\tat "));
        assertPing(CLI, SRV_TUN_IP, Duration.ofSeconds(3));
        assertAlive(server);
    }

    /** Asks the management bundle to update itself from {@code jar} and waits until {@code logged} is logged. */
    private static void updateManagement(Appliance server, Jolokia jolokia, Path jar, String logged) {
        int before = server.log().split(java.util.regex.Pattern.quote(logged), -1).length - 1;
        String answer = jolokia.exec(BundleSwaps.BUNDLES_MBEAN, "updateBundle", "management", jar.toUri().toString())
                .body().replace("\\/", "/");
        assertTrue(answer, answer.contains("\"status\":200") && answer.contains("org.gost4j.management is being updated from"));
        server.awaitLog(logged, before + 1, Duration.ofSeconds(15));
    }
}
