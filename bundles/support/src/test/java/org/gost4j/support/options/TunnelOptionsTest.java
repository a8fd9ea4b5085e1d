package org.gost4j.support.options;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.Test;

public class TunnelOptionsTest {

    /** The table of bad options every entry point must refuse with the same message. */
    static List<String[]> badOptions() throws IOException {
        List<String[]> rows = new ArrayList<>();
        try (InputStream in = TunnelOptionsTest.class.getResourceAsStream("/bad-tunnel-options.tsv")) {
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                if (!line.isBlank() && !line.startsWith("#")) {
                    rows.add(line.split("\t"));
                }
            }
        }
        return rows;
    }

    /** Through the builder, as a URL and a YAML file hand over their options, and as .cfg strings. */
    @Test
    public void everyBadOptionGivesItsMessageWhateverTheEntryPoint() throws IOException {
        for (String[] row : badOptions()) {
            OptionException built = assertThrows(row[0], OptionException.class, () -> TunnelOptions
                    .builder("t", "tun").option("net", "10.0.0.1/24").option(row[0], row[1]).build());
            assertEquals(row[2], built.getMessage());
            assertEquals(row[0], built.option());

            Map<String, Object> properties = new HashMap<>(Map.of("name", "t", "net", "10.0.0.1/24"));
            properties.put(property(row[0]), row[1]);
            OptionException read = assertThrows(row[0], OptionException.class,
                    () -> TunnelOptions.fromProperties(properties));
            assertEquals(row[2], read.getMessage());
        }
    }

    static String property(String option) {
        return option.equals("name") ? TunnelProperties.DEVICE_NAME : option;
    }

    @Test
    public void propertiesRoundTrip() {
        TunnelOptions options = TunnelOptions.builder("srv", "TUN").listen("[::]:8421").option("net",
                List.of("10.0.0.1/24", "fd00::1/64")).option("mtu", 1400).option("ttl", "1m").option("routes",
                "10.9.0.0/16 10.0.0.2").option("auther", "a0").option("offload", false).option("passphrase",
                "0123456789abcdefXYZ").build();
        Map<String, Object> properties = options.toProperties();
        assertArrayEquals(new String[] {"10.0.0.1/24", "fd00::1/64"}, (String[]) properties.get("net"));
        assertEquals(60_000L, properties.get("ttl"));
        assertEquals("(name=a0)", properties.get("auther.target"));
        assertEquals("0123456789abcdef", properties.get(".passphrase"));
        assertEquals(options, TunnelOptions.fromProperties(properties));
    }

    @Test
    public void propertiesTakeCfgStrings() {
        TunnelOptions options = TunnelOptions.fromProperties(Map.of("name", "t", "type", "tap", "mtu", "1400",
                "keepalive", "true", "ttl", "2500", "route", "10.9.0.0/16, 10.8.0.0/16", "offload", "false"));
        assertEquals(1400, options.mtu());
        assertEquals(2500, options.ttl().toMillis());
        assertEquals(2, options.route().size());
        assertEquals(false, options.offload());
    }

    @Test
    public void crossOptionRules() {
        assertMessage("option net is required for tun (e.g. net=192.168.123.1/24)", Map.of("name", "t"));
        assertMessage("remote address ':8421': missing host",
                Map.of("name", "t", "type", "tap", "remote", ":8421"));
        assertEquals(":8421", TunnelOptions.fromProperties(Map.of("name", "t", "type", "tap", "remote", ":8421",
                "chain", "c0", "transport.target", "(&(transport=chain)(name=c0))")).remote());
        assertMessage("option auther: 'a0' needs auther.target=(name=a0)",
                Map.of("name", "t", "type", "tap", "auther", "a0"));
        assertMessage("option chain: 'c0' needs transport.target=(&(transport=chain)(name=c0))",
                Map.of("name", "t", "type", "tap", "chain", "c0"));
        assertMessage("service name 'a b' is not a name (letters, digits, '.', '_', '-'; at most 64)",
                Map.of("name", "a b", "type", "tap"));
        assertMessage("type 'tan' is not supported (tun or tap)", Map.of("name", "t", "type", "tan"));
    }

    private static void assertMessage(String expected, Map<String, Object> properties) {
        assertEquals(expected, assertThrows(OptionException.class, () -> TunnelOptions.fromProperties(properties))
                .getMessage());
    }
}
