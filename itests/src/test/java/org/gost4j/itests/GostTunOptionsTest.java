package org.gost4j.itests;

import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.time.Duration;
import java.util.Map;
import java.util.Set;

import org.junit.Test;

/**
 * GOST's TUN options end to end, with a server ({@code srv}) and two clients ({@code a} over 10.200.0.1,
 * {@code b} over 10.200.1.1) in their own namespaces: passphrase and auther, keepalive across a server restart,
 * server-side routes and routers to a network behind client A, p2p, and the auther and router bundles
 * stopped and started while the tunnel runs.
 */
public class GostTunOptionsTest extends NetnsTestSupport {

    private static final String A = "a";
    private static final String B = "b";
    private static final String A_IP = "192.168.123.2";
    private static final String B_IP = "192.168.123.3";
    /** A host of 172.10.0.0/16 behind client A (an address on its lo). */
    private static final String BEHIND_A = "172.10.0.1";
    private static final String AUTHER0 = "gost4j.auther-auther0.cfg";
    private static final String ROUTER0 = "gost4j.router-router0.cfg";
    private static final String ROUTER0_CFG = "name = \"router0\"\nroutes = [\"172.10.0.0/16 " + A_IP + "\"]\n";

    @Override
    protected String[] sides() {
        return new String[] {SRV, A, B};
    }

    @Override
    protected String[] requiredCommands() {
        return new String[0];
    }

    private static String server(String options) {
        return "tun://:" + PORT + "?net=" + SRV_TUN_IP + "/24&name=tun0" + options;
    }

    private static String clientA(String options) {
        return "tun://:0/10.200.0.1:" + PORT + "?net=" + A_IP + "/24&name=tun0" + options;
    }

    private static String clientB(String options) {
        return "tun://:0/10.200.1.1:" + PORT + "?net=" + B_IP + "/24&name=tun0" + options;
    }

    private void hostBehindA() {
        // an address on lo stands for a host of that network (no dummy module needed)
        lab.exec(A, Duration.ofSeconds(5), "ip", "addr", "add", BEHIND_A + "/32", "dev", "lo")
                .check("address behind client A");
    }

    private boolean serverRoutes(String network) {
        return lab.exec(SRV, Duration.ofSeconds(5), "ip", "route", "show", "dev", "tun0").output().contains(network);
    }

    /**
     * An auther with an IPv4 and an IPv6 entry for client A: A, with both IPs and a 20-character passphrase
     * whose first 16 are the password, is served both ways over IPv4 and IPv6; B claiming A's IPs with a wrong
     * passphrase gets nothing and does not take A's place.
     */
    @Test(timeout = 120_000)
    public void passphraseCutTo16IsAcceptedAndAWrongOneGetsNoTraffic() {
        PrivateHome home = PrivateHome.create(lab.workDir(), Set.of(), Map.of(AUTHER0,
                "name = \"auther0\"\nauths = [\"" + A_IP + ":abcdefghijklmnop\",\"[fd00:123::2]:abcdefghijklmnop\"]\n"));
        appliance(home.path(), SRV, "tun0", "-L", "tun://:" + PORT + "?net=" + SRV_TUN_IP
                + "/24,fd00:123::1/64&name=tun0&auther=auther0");
        appliance(A, "-L", "tun://:0/10.200.0.1:" + PORT + "?net=" + A_IP + "/24,fd00:123::2/64&name=tun0"
                + "&passphrase=abcdefghijklmnopqrst");
        assertPing(A, SRV_TUN_IP, Duration.ofSeconds(15));
        assertPing(SRV, A_IP, Duration.ofSeconds(5));
        assertPing(A, "fd00:123::1", Duration.ofSeconds(10));
        assertPing(SRV, "fd00:123::2", Duration.ofSeconds(5));

        Appliance b = appliance(B, "-L", "tun://:0/10.200.1.1:" + PORT + "?net=" + A_IP + "/24&name=tun0"
                + "&passphrase=wrongpassphrase&keepalive=true&ttl=1s");
        assertFalse("a client with a wrong passphrase was served", lab.ping(B, SRV_TUN_IP, Duration.ofSeconds(4)));
        assertPing(SRV, A_IP, Duration.ofSeconds(5));
        assertPing(A, SRV_TUN_IP, Duration.ofSeconds(5));
        assertAlive(b);
    }

    /**
     * A client with keepalive is served again within two ttl of a server restart, without its own restart. The
     * server takes its auther from the URL's user info, as GOST does.
     */
    @Test(timeout = 120_000)
    public void clientWithKeepaliveResumesWithinTwoTtlAfterAServerRestart() {
        String url = "tun://" + A_IP + ":userpass1@:" + PORT + "?net=" + SRV_TUN_IP + "/24&name=tun0";
        Appliance server = appliance(SRV, "-L", url);
        appliance(A, "-L", clientA("&keepalive=true&ttl=3s&passphrase=userpass1"));
        assertPing(A, SRV_TUN_IP, Duration.ofSeconds(10));
        assertTrue("server did not stop on SIGTERM", server.stop(Duration.ofSeconds(15)));
        assertFalse(lab.ping(A, SRV_TUN_IP, Duration.ofSeconds(2)));

        Appliance restarted = appliance(SRV, "-L", url);
        long t0 = System.nanoTime();
        assertPing(A, SRV_TUN_IP, Duration.ofSeconds(6));
        metric("ping after the server restart (ttl 3 s)", (System.nanoTime() - t0) / 1_000_000 + " ms");
        assertAlive(restarted);
    }

    /** B reaches 172.10.0.0/16 behind A through the server, with routes and with a named router. */
    @Test(timeout = 120_000)
    public void clientReachesTheNetworkBehindAnotherClientWithRoutesAndWithARouter() {
        hostBehindA();
        appliance(SRV, "-L", server("&routes=172.10.0.0/16%20" + A_IP));
        appliance(A, "-L", clientA(""));
        appliance(B, "-L", clientB("&route=172.10.0.0/16"));
        assertPing(A, SRV_TUN_IP, Duration.ofSeconds(10));
        assertPing(B, BEHIND_A, Duration.ofSeconds(10));
        assertPing(SRV, BEHIND_A, Duration.ofSeconds(5));
        assertTrue(serverRoutes("172.10.0.0/16"));
        stopAll();

        PrivateHome home = PrivateHome.create(lab.workDir(), Set.of(), Map.of(ROUTER0, ROUTER0_CFG));
        appliance(home.path(), SRV, "tun0", "-L", server("&router=router0"));
        appliance(A, "-L", clientA(""));
        appliance(B, "-L", clientB("&route=172.10.0.0/16"));
        assertPing(A, SRV_TUN_IP, Duration.ofSeconds(10));
        assertPing(B, BEHIND_A, Duration.ofSeconds(10));
        assertTrue("the router's network is not routed through the server's device", serverRoutes("172.10.0.0/16"));
    }

    /**
     * p2p as GOST does it: the server ignores its routes and sends all device traffic to the latest client,
     * and writes everything the clients send to its device.
     */
    @Test(timeout = 120_000)
    public void p2pServerSendsEverythingToTheLatestClient() {
        hostBehindA();
        appliance(SRV, "-L", server("&p2p=true&route=172.10.0.0/16"));
        appliance(A, "-L", clientA(""));
        assertPing(A, SRV_TUN_IP, Duration.ofSeconds(10));
        assertPing(SRV, BEHIND_A, Duration.ofSeconds(5)); // no gateway for 172.10/16: only p2p gets it to A

        appliance(B, "-L", clientB(""));
        assertPing(B, SRV_TUN_IP, Duration.ofSeconds(10));
        assertFalse("the earlier client still gets replies", lab.ping(A, SRV_TUN_IP, Duration.ofSeconds(3)));
    }

    /**
     * The auther and router bundles are uninstalled and installed again (FileInstall deploy/) while the tunnel
     * runs: accepted clients keep working without the auther, the router's routes go and come back with it.
     */
    @Test(timeout = 180_000)
    public void autherAndRouterBundlesComeAndGoWhileTheTunnelRuns() {
        hostBehindA();
        PrivateHome home = PrivateHome.create(lab.workDir(), Set.of("gost4j-auther-", "gost4j-router-"), Map.of(
                AUTHER0, "name = \"auther0\"\nauths = [\"" + A_IP + ":pa\",\"" + B_IP + ":pb\"]\n",
                ROUTER0, ROUTER0_CFG));
        Appliance server = appliance(home.path(), SRV, "tun0", "-L", server("&auther=auther0&router=router0"));
        appliance(A, "-L", clientA("&passphrase=pa&keepalive=true&ttl=1s"));
        appliance(B, "-L", clientB("&passphrase=pb&keepalive=true&ttl=1s&route=172.10.0.0/16"));
        assertPing(B, BEHIND_A, Duration.ofSeconds(15));

        home.undeploy("gost4j-auther-");
        server.awaitLog("auther auther0 absent", 1, Duration.ofSeconds(15));
        Netns.sleep(3_000); // several keepalive rounds without the auther
        assertPing(B, BEHIND_A, Duration.ofSeconds(3));
        home.redeploy("gost4j-auther-");
        server.awaitLog("auther auther0 present", 2, Duration.ofSeconds(15));

        home.undeploy("gost4j-router-");
        server.awaitLog("router router0 absent", 1, Duration.ofSeconds(15));
        assertFalse("router routes in use while it is absent", lab.ping(B, BEHIND_A, Duration.ofSeconds(2)));
        assertFalse("router routes left on the device", serverRoutes("172.10.0.0/16"));
        home.redeploy("gost4j-router-");
        assertPing(B, BEHIND_A, Duration.ofSeconds(15));
        assertTrue(serverRoutes("172.10.0.0/16"));
        assertAlive(server);
    }
}
