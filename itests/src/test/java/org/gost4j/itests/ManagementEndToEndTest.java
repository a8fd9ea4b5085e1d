package org.gost4j.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.Test;

/**
 * A server started from a YAML file and a client from the command line, in namespaces. Over Jolokia with the
 * shipped credentials: the server's counters are read and an operation is executed; without credentials the
 * answer is 401; an MBean outside the policy is refused. Then the file is edited: the added service starts and
 * the unchanged one keeps its device (same interface index).
 */
public class ManagementEndToEndTest extends NetnsTestSupport {

    private static final String SERVICE = "gost4j:type=service,name=srv";

    @Override
    protected String[] requiredCommands() {
        return new String[] {"curl", "socat"};
    }

    @Test(timeout = 120_000)
    public void jolokiaReadsCountersExecutesOperationsAndEnforcesThePolicy() throws Exception {
        Path yaml = lab.workDir().resolve("server.yaml");
        Files.writeString(yaml, service("srv", PORT, "tun0", SRV_TUN_IP + "/24"));
        appliance(TestEnv.home(), SRV, "tun0", "-C", yaml.toString());
        appliance(CLI, "-L", CLIENT_URL);
        assertPing(CLI, SRV_TUN_IP, Duration.ofSeconds(10));
        assertEquals(0, pingLoss(CLI, SRV_TUN_IP, 10));

        Jolokia jolokia = new Jolokia(lab, SRV, TestEnv.home());
        jolokia.awaitUp(Duration.ofSeconds(15));

        Jolokia.Response read = jolokia.get("read/" + SERVICE + "/PacketsToDevice");
        assertEquals(read.body(), 200, read.status());
        long packets = number(read.body());
        assertTrue("PacketsToDevice " + packets + " after 11 pings", packets >= 11);
        Jolokia.Response device = jolokia.get("read/gost4j:type=device,name=tun0/Addresses");
        assertTrue(device.body(), device.body().contains(SRV_TUN_IP + "/24"));
        Jolokia.Response peers = jolokia.get("read/" + SERVICE + "/Peers");
        assertTrue(peers.body(), peers.body().contains(CLI_TUN_IP));

        Jolokia.Response exec = jolokia.get("exec/" + SERVICE + "/disconnectPeer/" + CLI_TUN_IP);
        assertTrue(exec.body(), exec.body().contains("\"value\":true"));
        peers = jolokia.get("read/" + SERVICE + "/Peers");
        assertTrue("peer still listed after disconnectPeer: " + peers.body(), !peers.body().contains(CLI_TUN_IP));
        // the client comes back with its next packet
        assertPing(CLI, SRV_TUN_IP, Duration.ofSeconds(10));

        // the real state, and an operation refused as an MBeanException with the option's message
        Jolokia.Response state = jolokia.get("read/" + SERVICE + "/State");
        assertTrue(state.body(), state.body().contains("\"value\":\"up\""));
        String badRoute = jolokia.get("exec/" + SERVICE + "/addRoute/10.9.0.0!/33").body().replace("\\/", "/");
        assertTrue(badRoute, badRoute.contains("\"error\":\"option route: '10.9.0.0/33': prefix length '33' is not"
                + " in 0..32\"") && badRoute.contains("\"status\":500"));
        String goodRoute = jolokia.get("exec/" + SERVICE + "/addRoute/10.9.0.0!/24").body().replace("\\/", "/");
        assertTrue(goodRoute, goodRoute.contains("\"value\":\"added 10.9.0.0/24\""));

        Jolokia.Response anonymous = jolokia.getWithoutCredentials("read/" + SERVICE + "/PacketsToDevice");
        assertEquals(anonymous.body(), 401, anonymous.status());

        Jolokia.Response denied = jolokia.get("exec/com.sun.management:type=DiagnosticCommand/vmVersion()");
        assertTrue("exec on com.sun.management not refused: " + denied, denied.status() == 403
                || denied.body().contains("\"status\":403"));
        Jolokia.Response lang = jolokia.get("read/java.lang:type=Memory/HeapMemoryUsage");
        assertEquals(lang.body(), 200, lang.status());
        assertTrue(lang.body(), lang.body().contains("\"used\""));
        Jolokia.Response gc = jolokia.get("exec/java.lang:type=Memory/gc()");
        assertTrue("exec on java.lang not refused: " + gc, gc.status() == 403 || gc.body().contains("\"status\":403"));
        metric("jolokia read of a tunnel counter", packets + " packets to device");

        // Edit the file: a second service appears, the first is not restarted.
        String index = ifindex(SRV, "tun0");
        Files.writeString(yaml, service("srv", PORT, "tun0", SRV_TUN_IP + "/24")
                + service("second", PORT + 1, "tun1", "192.168.124.1/24").replace("services:\n", ""));
        assertTrue("tun1 not up after editing the file", lab.awaitUp(SRV, "tun1", Duration.ofSeconds(10)));
        assertEquals("tun0 was recreated by an edit that did not change it", index, ifindex(SRV, "tun0"));
        assertEquals(0, pingLoss(CLI, SRV_TUN_IP, 10));
    }

    /**
     * Issue 16 (3, 4, 5): the endpoint's users come from a password file created at first start (random password,
     * owner-only); a client that announces a body and never sends it delays nobody; requests from other web origins
     * (or with no origin at all) are refused and get no CORS answer; JSONP is refused.
     */
    @Test(timeout = 90_000)
    public void jolokiaServesOthersBesideAStuckClientAndRefusesOtherOriginsAndJsonp() throws Exception {
        appliance(SRV, "-L", SERVER_URL);
        Jolokia jolokia = new Jolokia(lab, SRV, TestEnv.home());
        jolokia.awaitUp(Duration.ofSeconds(20));

        Path passwords = Jolokia.passwordFile(TestEnv.home());
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(passwords)));
        String password = Jolokia.password(TestEnv.home());
        assertTrue("password " + password.length() + " characters long", password.length() >= 20);
        assertTrue(!password.equals("gost4j-change-me"));

        lab.spawn(SRV, lab.workDir().resolve("stuck-client.log"), Map.of(), "sh", "-c",
                "(printf 'POST /jolokia/ HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\n'; sleep 60)"
                        + " | socat - TCP:127.0.0.1:8778");
        Netns.sleep(500);
        long t0 = System.nanoTime();
        Jolokia.Response version = jolokia.get("version");
        long millis = (System.nanoTime() - t0) / 1_000_000;
        assertEquals("while a client is stuck: " + version.body(), 200, version.status());
        assertTrue("answered after " + millis + " ms while a client was stuck", millis < 3000);
        metric("Jolokia request while another client is stuck", millis + " ms");

        String credentials = Jolokia.USER + ":" + password;
        Jolokia.Response own = jolokia.curl("version", "-i", "-u", credentials, "-H", "Origin: " + Jolokia.ORIGIN);
        assertTrue(own.body(), own.body().contains("Access-Control-Allow-Origin: " + Jolokia.ORIGIN)
                || own.body().contains("Access-control-allow-origin: " + Jolokia.ORIGIN));
        Jolokia.Response evil = jolokia.curl("exec/" + "gost4j:type=service,name=service-0/disconnectPeer/"
                + CLI_TUN_IP, "-i", "-u", credentials, "-H", "Origin: http://evil.example");
        assertTrue("another origin was answered: " + evil.body(), evil.body().contains("\"status\":403"));
        assertTrue("CORS answer to another origin: " + evil.body(),
                !evil.body().toLowerCase().contains("access-control-allow-origin"));
        Jolokia.Response noOrigin = jolokia.curl("version", "-u", credentials);
        assertTrue("a request without Origin or Referer was answered: " + noOrigin.body(),
                noOrigin.body().contains("\"status\":403"));

        Jolokia.Response jsonp = jolokia.get("version?callback=steal");
        assertEquals(jsonp.body(), 400, jsonp.status());
        assertTrue(jsonp.body(), !jsonp.body().contains("steal("));
    }

    static String service(String name, int port, String device, String net) {
        return "services:\n"
                + "- name: " + name + "\n"
                + "  addr: :" + port + "\n"
                + "  handler:\n"
                + "    type: tun\n"
                + "  listener:\n"
                + "    type: tun\n"
                + "    metadata:\n"
                + "      name: " + device + "\n"
                + "      net: " + net + "\n";
    }

    private static long number(String body) {
        Matcher m = Pattern.compile("\"value\":(\\d+)").matcher(body);
        assertTrue(body, m.find());
        return Long.parseLong(m.group(1));
    }
}
