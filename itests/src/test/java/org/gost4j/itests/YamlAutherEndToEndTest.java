package org.gost4j.itests;

import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.time.Duration;

import org.junit.Test;

/**
 * Issue 18, item 3: a GOST YAML auther whose users are the clients' IPv4 and IPv6 tunnel addresses, written as
 * GOST users write them ({@code username: fd00:123::2}). A dual-stack client registers both addresses with one
 * passphrase, so it needs both entries: client A has them and is served over IPv4 and IPv6; client B's IPv6 entry
 * has another password, so B is refused although its IPv4 entry is right.
 */
public class YamlAutherEndToEndTest extends NetnsTestSupport {

    private static final String B = "b";
    private static final String B_TUN_IP = "192.168.123.3";

    private static final String SERVER_YAML = """
            services:
            - name: tun-server
              addr: :%d
              handler:
                type: tun
                auther: clients
              listener:
                type: tun
                metadata:
                  net: 192.168.123.1/24,fd00:123::1/64
                  name: tun0
            authers:
            - name: clients
              auths:
              - username: 192.168.123.2
                password: userpass1
              - username: fd00:123::2
                password: userpass1
              - username: 192.168.123.3
                password: userpass3
              - username: fd00:123::3
                password: not-userpass3
            """.formatted(PORT);

    @Override
    protected String[] sides() {
        return new String[] {SRV, CLI, B};
    }

    @Override
    protected String[] requiredCommands() {
        return new String[] {"ss"};
    }

    private static String dualStackClient(int link, String ip, String ip6, String passphrase) {
        return "tun://:0/10.200." + (link - 1) + ".1:" + PORT + "?net=" + ip + "/24," + ip6 + "/64&name=tun0"
                + "&passphrase=" + passphrase;
    }

    @Test(timeout = 150_000)
    public void ipv4AndIpv6UsersAuthenticateADualStackClientAndAWrongEntryRefusesIt() {
        Appliance server = appliance(TestEnv.home(), SRV, "tun0", "-C", write("server.yaml", SERVER_YAML).toString());
        awaitUdpPort(SRV, PORT);
        assertTrue(server.log(), server.log().contains("auther clients up with 4 users"));

        appliance(CLI, "-L", dualStackClient(1, CLI_TUN_IP, "fd00:123::2", "userpass1"));
        assertPing(CLI, SRV_TUN_IP, Duration.ofSeconds(10));
        assertPing(SRV, CLI_TUN_IP, Duration.ofSeconds(5));
        assertPing(CLI, "fd00:123::1", Duration.ofSeconds(10));
        assertPing(SRV, "fd00:123::2", Duration.ofSeconds(5));

        appliance(B, "-L", dualStackClient(2, B_TUN_IP, "fd00:123::3", "userpass3"));
        assertFalse("client B got through with a wrong IPv6 entry",
                lab.ping(B, SRV_TUN_IP, Duration.ofSeconds(5)));
        assertTrue(server.log(), server.log().matches("(?s).*client fd00:123::3 from 10\\.200\\.1\\.2:\\d+ refused"
                + " by auther clients.*"));
        assertFalse("a refusal names the passphrase", server.log().contains("userpass3"));
    }
}
