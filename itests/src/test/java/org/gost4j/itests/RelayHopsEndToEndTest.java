package org.gost4j.itests;

import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.nio.file.Path;
import java.time.Duration;

import org.junit.Test;

/**
 * TUN through chains of two hops, GOST-style: the client's first hop (relay+tls on the
 * hub {@code hop}) reaches the tunnel server's relay+wss by a relay TCP CONNECT, whose UDP CONNECT reaches the
 * tunnel server. The client has no route to the server's network at all ({@code cli} 10.200.0.2 only knows
 * 10.200.0.0/24, {@code srv} is 10.200.1.2 behind {@code hop}, which does not forward), so every packet provably
 * takes the chain. One test runs on IPv6-only links.
 */
public class RelayHopsEndToEndTest extends NetnsTestSupport {

    private static final String HOP = "hop";
    private static final int HOP_PORT = 443;
    private static final int RELAY_PORT = 8443;
    private static final String CLIENT_TUN = "tun://:0/:" + PORT + "?net=" + CLI_TUN_IP + "/24&name=tun0";
    private static final String SERVER_RELAY = "relay+wss://alice:s3cret@:" + RELAY_PORT + "?bind=true";

    @Override
    protected String[] sides() {
        return new String[] {HOP, CLI, SRV};
    }

    @Override
    protected String[] requiredCommands() {
        return new String[] {"ss"};
    }

    @Test(timeout = 240_000)
    public void twoHopsFromTheCommandLineAndAHopThatGoesDownComesBack() {
        Appliance hop = hop("10.200.1.2:" + RELAY_PORT);
        Appliance server = relayBeside(SRV, SERVER_RELAY, RELAY_PORT);
        Appliance client = chainedClient(CLI, "tun0", "-L", CLIENT_TUN,
                "-F", "relay+tls://bob:pw@10.200.0.1:" + HOP_PORT + "?secure=false",
                "-F", "relay+wss://alice:s3cret@10.200.1.2:" + RELAY_PORT + "?secure=false");
        assertPing(CLI, SRV_TUN_IP, Duration.ofSeconds(20));
        assertPing(SRV, CLI_TUN_IP, Duration.ofSeconds(5));
        assertTrue(hop.logTail(30), hop.log().contains("(user bob): session up: <-> tcp /10.200.1.2:" + RELAY_PORT));
        assertTrue(server.logTail(30), server.log().contains("(user alice): session up: <-> udp"));

        // the first hop goes down and comes back: the chain re-dials by itself
        hop.stop(Duration.ofSeconds(15));
        Netns.sleep(2000);
        hop("10.200.1.2:" + RELAY_PORT);
        long t0 = System.nanoTime();
        assertPing(CLI, SRV_TUN_IP, Duration.ofSeconds(40));
        metric("two hops: ping back after the first hop restarted", (System.nanoTime() - t0) / 1_000_000 + " ms");

        // so does the last one (the tunnel server's appliance with its relay)
        server.stop(Duration.ofSeconds(15));
        Netns.sleep(1000);
        relayBeside(SRV, SERVER_RELAY, RELAY_PORT);
        t0 = System.nanoTime();
        assertPing(CLI, SRV_TUN_IP, Duration.ofSeconds(40));
        metric("two hops: ping back after the last hop restarted", (System.nanoTime() - t0) / 1_000_000 + " ms");
        assertTrue(client.logTail(40), client.log().contains("down (") && client.log().contains("reconnecting"));
        assertAlive(client);
    }

    @Test(timeout = 240_000)
    public void twoHopsFromAGostYamlFileAndBadCredentialsAtEitherHop() {
        hop("10.200.1.2:" + RELAY_PORT);
        relayBeside(SRV, SERVER_RELAY, RELAY_PORT);
        Path file = write("client.yaml", """
                services:
                - name: client
                  addr: :0
                  handler: {type: tun, chain: two-hops}
                  listener: {type: tun, metadata: {net: %s/24, name: tun0}}
                  forwarder: {nodes: [{name: server, addr: ":%d"}]}
                chains:
                - name: two-hops
                  hops:
                  - name: hop-0
                    nodes:
                    - name: hop
                      addr: 10.200.0.1:%d
                      connector: {type: relay, auth: {username: bob, password: pw}}
                      dialer: {type: tls, metadata: {secure: false}}
                  - name: hop-1
                    nodes:
                    - name: server
                      addr: 10.200.1.2:%d
                      connector: {type: relay, auth: {username: alice, password: s3cret}}
                      dialer: {type: wss, metadata: {secure: false}}
                """.formatted(CLI_TUN_IP, PORT, HOP_PORT, RELAY_PORT));
        chainedClient(CLI, "tun0", "-C", file.toString());
        assertPing(CLI, SRV_TUN_IP, Duration.ofSeconds(20));

        String[][] wrong = { // the first hop's password, the last hop's password, the line saying which hop
            {"nope", "s3cret", "(hop 1/2 relay+tls://bob:***@10.200.0.1:" + HOP_PORT
                    + ": relay server refused to connect to 10.200.1.2:" + RELAY_PORT + ": unauthorized); reconnecting"},
            {"pw", "nope", "(hop 2/2 relay+wss://alice:***@10.200.1.2:" + RELAY_PORT
                    + "/ws: relay server refused: unauthorized); reconnecting"}};
        for (int i = 0; i < wrong.length; i++) {
            String device = "tun" + (i + 1);
            String url = "tun://:0/:" + PORT + "?net=192.168." + (124 + i) + ".2/24&name=" + device;
            Appliance a = chainedClient(CLI, device, "-L", url,
                    "-F", "relay+tls://bob:" + wrong[i][0] + "@10.200.0.1:" + HOP_PORT + "?secure=false",
                    "-F", "relay+wss://alice:" + wrong[i][1] + "@10.200.1.2:" + RELAY_PORT + "?secure=false");
            a.awaitLog(wrong[i][2], 1, Duration.ofSeconds(20));
            assertTrue(a.logTail(30), !a.log().contains("nope") && !a.log().contains("\tat "));
        }
        assertPing(CLI, SRV_TUN_IP, Duration.ofSeconds(5)); // the good client is unaffected
    }

    @Test(timeout = 240_000)
    public void twoHopsOverIpv6OnlyLinksToRelaysListeningOnAnEmptyHost() {
        useIpv6OnlyLinks();
        hop("[fd00:200:1::2]:" + RELAY_PORT);
        Appliance server = relayBeside(SRV, SERVER_RELAY, RELAY_PORT);
        chainedClient(CLI, "tun0", "-L", CLIENT_TUN,
                "-F", "relay+tls://bob:pw@[fd00:200:0::1]:" + HOP_PORT + "?secure=false",
                "-F", "relay+wss://alice:s3cret@[fd00:200:1::2]:" + RELAY_PORT + "?secure=false");
        assertPing(CLI, SRV_TUN_IP, Duration.ofSeconds(20));
        assertPing(SRV, CLI_TUN_IP, Duration.ofSeconds(5));
        String listening = lab.exec(SRV, Duration.ofSeconds(5), "ss", "-H", "-t", "-l", "-n", "sport = :" + RELAY_PORT)
                .output();
        assertTrue("the relay on :" + RELAY_PORT + " listens on [::] (IPv4 and IPv6): " + listening,
                listening.contains("[::]:" + RELAY_PORT) || listening.contains("*:" + RELAY_PORT));
        assertTrue(server.logTail(30), server.log().contains("(user alice): session up"));
    }

    /** The relay-only hub: relay+tls on :443 that may reach {@code next} (its targets). */
    private Appliance hop(String next) {
        Appliance hop = appliance(TestEnv.home(), HOP, "lo", "-L",
                "relay+tls://bob:pw@:" + HOP_PORT + "?targets=" + next);
        RelayLab.awaitListening(lab, hop, HOP, HOP_PORT);
        return hop;
    }

    /** The tunnel server and a relay beside it, once both listen. */
    private Appliance relayBeside(String side, String relayUrl, int port) {
        Appliance server = appliance(TestEnv.home(), side, "tun0", Duration.ofSeconds(40), "-L", SERVER_URL, "-L",
                relayUrl);
        RelayLab.awaitListening(lab, server, side, port);
        return server;
    }

    /** Replaces the links' IPv4 addresses by IPv6 ones: fd00:200:0::1/2 (hop-cli), fd00:200:1::1/2 (hop-srv). */
    private void useIpv6OnlyLinks() {
        String[][] links = {{HOP, "veth1", "fd00:200:0::1"}, {CLI, "veth0", "fd00:200:0::2"},
                {HOP, "veth2", "fd00:200:1::1"}, {SRV, "veth0", "fd00:200:1::2"}};
        for (String[] link : links) {
            lab.exec(link[0], Duration.ofSeconds(10), "ip", "-4", "addr", "flush", "dev", link[1]).check("ip -4 flush");
            lab.exec(link[0], Duration.ofSeconds(10), "ip", "addr", "add", link[2] + "/64", "dev", link[1], "nodad")
                    .check("ip -6 addr");
        }
        for (String[] link : new String[][] {{CLI, "fd00:200:0::1"}, {SRV, "fd00:200:1::1"}}) {
            if (!lab.ping(link[0], link[1], Duration.ofSeconds(10))) {
                fail("IPv6 underlay " + link[0] + " -> " + link[1] + " does not work");
            }
        }
        for (String side : new String[] {HOP, CLI, SRV}) {
            String v4 = lab.exec(side, Duration.ofSeconds(5), "ip", "-4", "-o", "addr", "show", "scope", "global")
                    .output();
            assertTrue(side + " still has IPv4 on a link: " + v4, v4.isBlank());
        }
    }
}
