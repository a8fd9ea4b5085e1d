package org.gost4j.config.cli;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertThrows;

import java.util.List;
import java.util.Map;

import org.junit.Test;

public class ServiceUrlTest {

    @Test
    public void serverWithDefaults() {
        Map<String, Object> p = props("tun://:8421?net=192.168.123.1/24", 0);
        assertEquals(List.of("name", "type", "listen", "net", "device.name", "mtu", "buffersize", "keepalive", "ttl",
                "route"), List.copyOf(p.keySet()));
        assertEquals("service-0", p.get("name"));
        assertEquals("tun", p.get("type"));
        assertEquals(":8421", p.get("listen"));
        assertArrayEquals(new String[] {"192.168.123.1/24"}, (String[]) p.get("net"));
        assertEquals("", p.get("device.name"));
        assertEquals(1350, p.get("mtu"));
        assertEquals(1500, p.get("buffersize"));
        assertEquals(false, p.get("keepalive"));
        assertEquals(10_000L, p.get("ttl"));
        assertArrayEquals(new String[0], (String[]) p.get("route"));
    }

    @Test
    public void clientWithEveryOption() {
        Map<String, Object> p = props("TUN://:0/10.0.0.1:8421?net=192.168.123.2/24,fd00::2/64"
                + "&name=tun7&mtu=1400&buffersize=2000&keepalive=true&ttl=1m30s&route=10.9.0.0/16"
                + "&route=10.8.0.0/16,fd01::/48&gw=192.168.123.1&passphrase=s3cr%2Ft", 3);
        assertEquals("service-3", p.get("name"));
        assertEquals("tun", p.get("type"));
        assertEquals(":0", p.get("listen"));
        assertEquals("10.0.0.1:8421", p.get("remote"));
        assertArrayEquals(new String[] {"192.168.123.2/24", "fd00::2/64"}, (String[]) p.get("net"));
        assertEquals("tun7", p.get("device.name"));
        assertEquals(1400, p.get("mtu"));
        assertEquals(2000, p.get("buffersize"));
        assertEquals(true, p.get("keepalive"));
        assertEquals(90_000L, p.get("ttl"));
        assertArrayEquals(new String[] {"10.9.0.0/16", "10.8.0.0/16", "fd01::/48"}, (String[]) p.get("route"));
        assertEquals("192.168.123.1", p.get("gw"));
        assertEquals("s3cr/t", p.get(".passphrase"));
    }

    @Test
    public void tapNeedsNoAddress() {
        Map<String, Object> p = props("tap://127.0.0.1:8421", 1);
        assertEquals("tap", p.get("type"));
        assertEquals("127.0.0.1:8421", p.get("listen"));
        assertArrayEquals(new String[0], (String[]) p.get("net"));
    }

    @Test
    public void tapRoutesViaAGateway() {
        Map<String, Object> p = props("tap://:1?route=172.30.0.0/16&gw=192.168.124.1", 0);
        assertEquals("192.168.124.1", p.get("gw"));
        assertArrayEquals(new String[] {"172.30.0.0/16"}, (String[]) p.get("route"));
    }

    @Test
    public void ipv6AndHostNames() {
        Map<String, Object> p = props("tun://[::]:8421/[2001:db8::1]:8421?net=fd00::2/64", 0);
        assertEquals("[::]:8421", p.get("listen"));
        assertEquals("[2001:db8::1]:8421", p.get("remote"));
        assertEquals("vpn.example.com:8421",
                props("tun://:0/vpn.example.com:8421?net=10.0.0.2/24", 0).get("remote"));
    }

    @Test
    public void trailingSlashMeansServer() {
        assertFalse(props("tun://:8421/?net=10.0.0.1/24", 0).containsKey("remote"));
    }

    @Test
    public void netListsAreTrimmedAndMayRepeat() {
        Map<String, Object> p = props("tun://:1?net=10.0.0.1/24,%20fd00::1/64,&net=10.1.0.1/16", 0);
        assertArrayEquals(new String[] {"10.0.0.1/24", "fd00::1/64", "10.1.0.1/16"}, (String[]) p.get("net"));
    }

    @Test
    public void ttlBareIntegerMeansSeconds() {
        assertEquals(30_000L, props("tun://:1?net=10.0.0.1/24&ttl=30", 0).get("ttl"));
        assertEquals(500L, props("tun://:1?net=10.0.0.1/24&ttl=500ms", 0).get("ttl"));
    }

    @Test
    public void keepaliveAcceptsGoBooleans() {
        assertEquals(true, props("tun://:1?net=10.0.0.1/24&keepalive=1", 0).get("keepalive"));
        assertEquals(false, props("tun://:1?net=10.0.0.1/24&keepalive=F", 0).get("keepalive"));
    }

    @Test
    public void tokenIsPassphraseCutTo16Bytes() {
        assertEquals("0123456789abcdef",
                props("tun://:0/h:1?net=10.0.0.2/24&token=0123456789abcdefXYZ", 0).get(".passphrase"));
        // 7 x 2-byte characters = 14 bytes; the 3-byte euro sign would cross 16, so it goes.
        assertEquals("\u00e9".repeat(7), props(
                "tun://:0/h:1?net=10.0.0.2/24&passphrase=" + "%C3%A9".repeat(7) + "%E2%82%AC", 0).get(".passphrase"));
        assertFalse(props("tun://:0/h:1?net=10.0.0.2/24&passphrase=", 0).containsKey(".passphrase"));
    }

    @Test
    public void rejectsBadStructure() {
        assertMessage("service URL 'udp://x': unsupported scheme 'udp' (supported: tun, tap)", "udp://x");
        assertMessage("service URL ':8421': expected tun://[host]:port[/remotehost:port]?options", ":8421");
        assertMessage("service URL 'tun://8421?net=10.0.0.1/24': listen address '8421': missing port (e.g. 8421:8421)",
                "tun://8421?net=10.0.0.1/24");
        assertMessage("service URL 'tun://:0/10.0.0.1?net=10.0.0.2/24': remote address '10.0.0.1': missing port"
                + " (e.g. 10.0.0.1:8421)", "tun://:0/10.0.0.1?net=10.0.0.2/24");
        assertMessage("service URL 'tun://:0/:8421?net=10.0.0.2/24': remote address ':8421': missing host",
                "tun://:0/:8421?net=10.0.0.2/24");
        assertMessage("service URL 'tun://:70000?net=10.0.0.1/24': listen address ':70000': port '70000' is not in"
                + " 0..65535", "tun://:70000?net=10.0.0.1/24");
        assertMessage("service URL 'tun://:0/h:0?net=10.0.0.1/24': remote address 'h:0': port '0' is not in 1..65535",
                "tun://:0/h:0?net=10.0.0.1/24");
        assertMessage("service URL 'tun://::1:8421': listen address '::1:8421': write IPv6 addresses in brackets"
                + " ([::1]:8421)", "tun://::1:8421");
        assertMessage("service URL 'tun://[::1:8421': listen address '[::1:8421': missing ']'", "tun://[::1:8421");
        assertMessage("service URL 'tun://[::1]': listen address '[::1]': missing port (e.g. [::1]:8421)",
                "tun://[::1]");
        assertMessage("service URL 'tun://[::g]:1': listen address '[::g]:1': '::g' is not an IP address",
                "tun://[::g]:1");
        assertMessage("service URL 'tun://bad_host!:1': listen address 'bad_host!:1': 'bad_host!' is not a host name"
                + " or IP address", "tun://bad_host!:1");
        assertMessage("service URL 'tun://:1?net=1.2.3.4/8 ': contains whitespace or control characters",
                "tun://:1?net=1.2.3.4/8 ");
        assertMessage("service URL 'tun://:1?net=10.0.0.1/24#x': '#' must be written as %23",
                "tun://:1?net=10.0.0.1/24#x");
    }

    @Test
    public void rejectsBadOptions() {
        assertMessage("service URL 'tun://:1?net=10.0.0.1/24&color=red': unknown option 'color' (known: net, name,"
                + " mtu, buffersize, keepalive, ttl, route, gw, routes, router, auther, p2p, passphrase, peer,"
                + " offload, dns, maxpeers)", "tun://:1?net=10.0.0.1/24&color=red");
        assertMessage("service URL 'tun://:1': option net is required for tun (e.g. net=192.168.123.1/24)",
                "tun://:1");
        assertMessage("service URL 'tun://:1?net=10.0.0.1': option net: '10.0.0.1' is not in CIDR form address/prefix"
                + " (e.g. 192.168.123.1/24)", "tun://:1?net=10.0.0.1");
        assertMessage("service URL 'tun://:1?net=10.0.0.256/24': option net: '10.0.0.256/24': '10.0.0.256' is not an"
                + " IP address", "tun://:1?net=10.0.0.256/24");
        assertMessage("service URL 'tun://:1?net=10.0.0.1/33': option net: '10.0.0.1/33': prefix length '33' is not in"
                + " 0..32", "tun://:1?net=10.0.0.1/33");
        assertMessage("service URL 'tun://:1?net=fd00::1/129': option net: 'fd00::1/129': prefix length '129' is not"
                + " in 0..128", "tun://:1?net=fd00::1/129");
        assertMessage("service URL 'tun://:1?net=10.0.0.1/24&route=example.com/8': option route: 'example.com/8':"
                + " 'example.com' is not an IP address", "tun://:1?net=10.0.0.1/24&route=example.com/8");
        assertMessage("service URL 'tun://:1?net=10.0.0.1/24&mtu=9x': option mtu: '9x' is not a number",
                "tun://:1?net=10.0.0.1/24&mtu=9x");
        assertMessage("service URL 'tun://:1?net=10.0.0.1/24&mtu=67': option mtu: '67' is not in 68..65535",
                "tun://:1?net=10.0.0.1/24&mtu=67");
        assertMessage("service URL 'tun://:1?net=10.0.0.1/24&buffersize=0': option buffersize: '0' is not in"
                + " 68..65535", "tun://:1?net=10.0.0.1/24&buffersize=0");
        assertMessage("service URL 'tun://:1?net=10.0.0.1/24&mtu=1400&mtu=1300': option mtu is given more than once",
                "tun://:1?net=10.0.0.1/24&mtu=1400&mtu=1300");
        assertMessage("service URL 'tun://:1?net=10.0.0.1/24&keepalive=yes': option keepalive: 'yes' is not true or"
                + " false", "tun://:1?net=10.0.0.1/24&keepalive=yes");
        assertMessage("service URL 'tun://:1?net=10.0.0.1/24&ttl=10x': option ttl: '10x' is not a duration such as"
                + " 10s, 500ms or 1m30s: unknown unit 'x'", "tun://:1?net=10.0.0.1/24&ttl=10x");
        assertMessage("service URL 'tun://:1?net=10.0.0.1/24&ttl=0': option ttl: '0' must be at least 1ms",
                "tun://:1?net=10.0.0.1/24&ttl=0");
        assertMessage("service URL 'tun://:1?net=10.0.0.1/24&gw=gateway': option gw: 'gateway' is not an IP address",
                "tun://:1?net=10.0.0.1/24&gw=gateway");
        assertMessage("service URL 'tun://:1?net=10.0.0.1/24&peer=10.0.0.0/24': option peer: '10.0.0.0/24' is not an"
                + " IP address", "tun://:1?net=10.0.0.1/24&peer=10.0.0.0/24");
        assertMessage("service URL 'tun://:1?net=10.0.0.1/24&name=a-very-long-name0': option name:"
                + " 'a-very-long-name0' is longer than 15 characters", "tun://:1?net=10.0.0.1/24&name=a-very-long-name0");
        assertMessage("service URL 'tun://:1?net=10.0.0.1/24&name=a%2Fb': option name: 'a/b' is not a valid interface"
                + " name (no '/', ':' or blanks)", "tun://:1?net=10.0.0.1/24&name=a%2Fb");
        assertMessage("service URL 'tun://:1?net=10.0.0.1/24&name=%zz': bad percent-encoding in '%zz'",
                "tun://:1?net=10.0.0.1/24&name=%zz");
    }

    @Test
    public void hidesThePassphraseInErrors() {
        assertMessage("service URL 'tun://:1?passphrase=***&token=***': options passphrase and token mean the same;"
                + " give only one", "tun://:1?passphrase=abc&token=def");
    }

    @Test
    public void serverRoutingOptions() {
        Map<String, Object> p = props("tun://:8421?net=192.168.123.1/24&p2p=true"
                + "&routes=172.10.0.0/16%20192.168.123.2,fd10::/64+fd00::2&router=router0", 0);
        assertEquals(true, p.get("p2p"));
        assertArrayEquals(new String[] {"172.10.0.0/16 192.168.123.2", "fd10::/64 fd00::2"}, (String[]) p.get("routes"));
        assertEquals("router0", p.get("router"));
        assertEquals("(name=router0)", p.get("router.target"));
        assertMessage("service URL 'tun://:1?net=10.0.0.1/24&routes=10.9.0.0/16': option routes: '10.9.0.0/16' is not"
                + " 'CIDR GATEWAY' (e.g. 172.10.0.0/16 192.168.123.2)", "tun://:1?net=10.0.0.1/24&routes=10.9.0.0/16");
        assertMessage("service URL 'tun://:1?net=10.0.0.1/24&router=a)(b': option router: 'a)(b' is not a name"
                + " (letters, digits, '.', '_', '-'; at most 64)", "tun://:1?net=10.0.0.1/24&router=a)(b");
    }

    @Test
    public void autherByNameOrFromTheUserInfo() {
        Map<String, Object> p = props("tun://:8421?net=192.168.123.1/24&auther=auther0", 0);
        assertEquals("auther0", p.get("auther"));
        assertEquals("(name=auther0)", p.get("auther.target"));
        assertFalse(ServiceUrl.autherEntryOf("tun://:8421?net=192.168.123.1/24&auther=auther0").isPresent());

        String url = "tun://192.168.123.2:s%40cret@:8421?net=192.168.123.1/24";
        p = props(url, 2);
        assertEquals(":8421", p.get("listen"));
        assertEquals("(name=service-2)", p.get("auther.target"));
        assertEquals("192.168.123.2:s@cret", ServiceUrl.autherEntryOf(url).orElseThrow());
        assertMessage("service URL 'tun://u:***@:1?net=10.0.0.1/24&auther=a': option auther: give either auther= or"
                + " user:password@, not both", "tun://u:secret@:1?net=10.0.0.1/24&auther=a");
    }

    /** Issue 18: as in GOST, an IPv6 tunnel address as user is percent-encoded in the URL's user info. */
    @Test
    public void anIpv6UserInTheUserInfoIsOneAutherEntry() {
        assertEquals("[fd00:123::2]:userpass1",
                ServiceUrl.autherEntryOf("tun://fd00%3A123%3A%3A2:userpass1@:8421?net=fd00:123::1/64").orElseThrow());
        CliException e = assertThrows(CliException.class,
                () -> ServiceUrl.autherEntryOf("tun://%5Bfd00%3A%3A2%5D:secret@:8421?net=fd00::1/64"));
        assertEquals("service URL 'tun://%5Bfd00%3A%3A2%5D:***@:8421?net=fd00::1/64': user name '[fd00::2]' cannot"
                + " start with '[' or hold ']:' (write IPv6 addresses without brackets)", e.getMessage());
    }

    private static Map<String, Object> props(String url, int index) {
        return ServiceUrl.parse(url, index, null).toProperties();
    }

    private static void assertMessage(String expected, String url) {
        assertEquals(expected, assertThrows(CliException.class, () -> props(url, 0)).getMessage());
    }

    @Test
    public void peerIsThePointToPointAddress() {
        assertEquals("10.0.0.2", props("tun://:1?net=10.0.0.1/24&peer=10.0.0.2", 0).get("peer"));
        assertEquals("fd00::2", props("tun://:1?net=fd00::1/64&peer=fd00::2", 0).get("peer"));
        assertNull("no peer unless given", props("tun://:1?net=10.0.0.1/24", 0).get("peer"));
    }
}
