package org.gost4j.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.Test;

/**
 * Issue 18, items 1 and 2: tunnels over an IPv6 underlay, as GOST runs them. A server on {@code :PORT} listens
 * on IPv4 and IPv6 with one socket (Go's "udp"), a client given an IPv6 server ({@code tun://:0/[fd00:200:0::1]:8421})
 * takes its socket's family from the server, for TUN and TAP, over links without any IPv4 address; IPv4 and IPv6
 * clients share one server; and GOST's control messages keep their bytes over IPv6.
 */
public class Ipv6UnderlayEndToEndTest extends NetnsTestSupport {

    private static final String CLI2 = "cli2";
    private static final String CLI2_TUN_IP = "192.168.123.3";

    @Override
    protected String[] sides() {
        return new String[] {SRV, CLI, CLI2};
    }

    @Override
    protected String[] requiredCommands() {
        return new String[] {"socat", "ss", "od"};
    }

    /** Both links IPv6 only: there is no IPv4 underlay at all. */
    private void ipv6Only() {
        lab.ipv6Link(CLI, true);
        lab.ipv6Link(CLI2, true);
    }

    private String serverOverIpv6(String side) {
        return "[" + lab.hubAddress6(side) + "]:" + PORT;
    }

    @Test(timeout = 120_000)
    public void tunServerOnAnEmptyHostServesAClientOfAnIpv6Server() {
        ipv6Only();
        appliance(SRV, "-L", "tun://:" + PORT + "?net=" + SRV_TUN_IP + "/24,fd00:123::1/64&name=tun0");
        assertListensOnIpv4AndIpv6(SRV);
        appliance(CLI, "-L", "tun://:0/" + serverOverIpv6(CLI) + "?net=" + CLI_TUN_IP
                + "/24,fd00:123::2/64&name=tun0&keepalive=true&ttl=2s");
        assertPing(CLI, SRV_TUN_IP, Duration.ofSeconds(10));
        assertPing(SRV, CLI_TUN_IP, Duration.ofSeconds(5));
        assertPing(CLI, "fd00:123::1", Duration.ofSeconds(10));
        assertPing(SRV, "fd00:123::2", Duration.ofSeconds(5));
    }

    @Test(timeout = 120_000)
    public void tapServerOnAnEmptyHostServesAClientOfAnIpv6Server() {
        ipv6Only();
        appliance(SRV, "-L", "tap://:" + PORT + "?net=192.168.124.1/24&name=tap0");
        assertListensOnIpv4AndIpv6(SRV);
        appliance(CLI, "-L", "tap://:0/" + serverOverIpv6(CLI) + "?net=192.168.124.2/24&name=tap0");
        assertPing(CLI, "192.168.124.1", Duration.ofSeconds(10));
        assertPing(SRV, "192.168.124.2", Duration.ofSeconds(5));
    }

    /**
     * One server socket on {@code :PORT}, here a JDK channel (the native one runs above): a client over IPv4 and
     * one over IPv6 reach the server and each other through it.
     */
    @Test(timeout = 120_000)
    public void ipv4AndIpv6ClientsShareOneServer() {
        lab.ipv6Link(CLI2, true);
        Path jdkSockets = PrivateHome.create(lab.workDir(), Set.of(),
                Map.of("org.gost4j.transport.udp.cfg", "native = false\n")).path();
        Appliance server = appliance(jdkSockets, SRV, "tun0", "-L", SERVER_URL);
        assertListensOnIpv4AndIpv6(SRV);
        appliance(CLI, "-L", CLIENT_URL);
        appliance(CLI2, "-L", "tun://:0/" + serverOverIpv6(CLI2) + "?net=" + CLI2_TUN_IP + "/24&name=tun0");
        assertPing(CLI, SRV_TUN_IP, Duration.ofSeconds(10));
        assertPing(CLI2, SRV_TUN_IP, Duration.ofSeconds(10));
        assertPing(CLI, CLI2_TUN_IP, Duration.ofSeconds(5));
        assertPing(CLI2, CLI_TUN_IP, Duration.ofSeconds(5));
        assertTrue(server.log(), server.log().contains("UDP through JDK datagram channels"));
        assertTrue(server.log(), server.log().contains("registered from [" + lab.address6(CLI2) + "]:"));
    }

    /**
     * socat plays GOST at the other end over IPv6: as a client it gets the server's 20-byte reply with its own
     * IPv6 address as the 16 bytes; as a server it receives the client's registration and keepalives, 36 bytes
     * each as GOST writes them.
     */
    @Test(timeout = 120_000)
    public void gostsControlMessagesKeepTheirBytesOverIpv6() {
        ipv6Only();
        Path received = lab.workDir().resolve("keepalives.bin");
        Process fakeServer = socat(CLI, "-u", "UDP6-RECV:" + PORT, "CREATE:" + received);
        awaitUdpPort(CLI, PORT);
        // a server, and a client (passphrase userpass1, tunnel IP 192.168.125.2) of the fake server in cli
        appliance(SRV, "-L", SERVER_URL, "-L", "tun://:0/[" + lab.address6(CLI) + "]:" + PORT
                + "?net=192.168.125.2/24&name=tun1&keepalive=true&ttl=1s&passphrase=userpass1");

        String registration = "474f5354" + hex("userpass1") + "00".repeat(7) + "00".repeat(10) + "ffff" + "c0a87b09";
        Netns.Result reply = lab.exec(CLI, Duration.ofSeconds(15), "sh", "-c", "printf '" + octal(registration)
                + "' | socat -t 3 - UDP6:" + serverOverIpv6(CLI) + " | od -An -v -tx1");
        assertTrue(reply.toString(), reply.ok());
        assertEquals("\"GOST\" and cli's UDP source address as 16 bytes",
                "474f5354" + "fd000200000000000000000000000002", reply.output().replaceAll("\\s", ""));

        String keepalive = "474f5354" + hex("userpass1") + "00".repeat(7) + "00".repeat(10) + "ffff" + "c0a87d02";
        List<String> registrations = controlMessages(awaitBytes(received, 4 * 36, Duration.ofSeconds(10)));
        assertTrue("fewer than three registrations: " + registrations, registrations.size() >= 3);
        for (String message : registrations) {
            assertEquals(keepalive, message);
        }
        assertTrue("the fake server quit", fakeServer.isAlive());
    }

    /** {@code ss} shows a socket bound to {@code ::} without IPV6_V6ONLY as {@code *:port}. */
    private void assertListensOnIpv4AndIpv6(String side) {
        String listening = lab.exec(side, Duration.ofSeconds(5), "ss", "-Hlun", "sport = :" + PORT).output();
        assertTrue("not on [::]:" + PORT + " for IPv4 and IPv6: " + listening, listening.contains("*:" + PORT));
    }

    /** The file's bytes in hex once it holds at least {@code count} (or what it holds when time is up). */
    private static String awaitBytes(Path file, int count, Duration within) {
        long deadline = System.nanoTime() + within.toNanos();
        try {
            byte[] bytes = new byte[0];
            while (System.nanoTime() < deadline) {
                bytes = Files.exists(file) ? Files.readAllBytes(file) : bytes;
                if (bytes.length >= count) {
                    break;
                }
                Netns.sleep(200);
            }
            assertTrue("only " + bytes.length + " of " + count + " bytes in " + file, bytes.length >= count);
            return HexFormat.of().formatHex(bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The GOST control messages among the datagrams socat wrote back to back (the client's device sends its own
     * IPv6 packets too, such as router solicitations): each is taken by its own length, 36 bytes for a message
     * starting with "GOST", the IP header's length for a packet; a datagram socat is still writing is left out.
     */
    private static List<String> controlMessages(String hex) {
        List<String> messages = new ArrayList<>();
        int at = 0;
        while (at + 2 * 8 <= hex.length()) { // enough for "GOST" or an IP header's length field
            boolean control = hex.startsWith("474f5354", at);
            int length = switch (control ? 'G' : hex.charAt(at)) {
                case 'G' -> 36;
                case '6' -> 40 + Integer.parseInt(hex.substring(at + 8, at + 12), 16);
                case '4' -> Integer.parseInt(hex.substring(at + 4, at + 8), 16);
                default -> throw new AssertionError("neither a control message nor an IP packet at byte " + at / 2
                        + ": " + hex);
            };
            if (at + 2 * length > hex.length()) {
                break;
            }
            if (control) {
                messages.add(hex.substring(at, at + 2 * length));
            }
            at += 2 * length;
        }
        return messages;
    }

    private static String hex(String text) {
        return HexFormat.of().formatHex(text.getBytes(StandardCharsets.US_ASCII));
    }

    /** Hex as octal escapes for sh's printf, which knows no {@code \x}. */
    private static String octal(String hex) {
        StringBuilder escaped = new StringBuilder();
        for (byte b : HexFormat.of().parseHex(hex)) {
            escaped.append(String.format("\\%03o", b & 0xff));
        }
        return escaped.toString();
    }
}
