package org.gost4j.config;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;

import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.gost4j.config.cli.CliException;
import org.gost4j.config.cli.ServiceUrl;
import org.gost4j.config.file.ConfigFile;
import org.gost4j.config.file.ConfigFileException;
import org.junit.Test;

/**
 * The table of bad tunnel options (support's {@code bad-tunnel-options.tsv}) through the command line's URL and
 * the YAML file: each refuses with the table's message, after where it found it. The {@code .cfg} and JMX entry
 * points run the same table in the itests.
 */
public class BadOptionsTest {

    static final Path TABLE = Path.of(System.getProperty("basedir", "."))
            .resolve("../support/src/test/resources/bad-tunnel-options.tsv").normalize();

    static List<String[]> rows() throws IOException {
        return Files.readAllLines(TABLE).stream().filter(line -> !line.isBlank() && !line.startsWith("#"))
                .map(line -> line.split("\t")).toList();
    }

    @Test
    public void theUrlRefusesEachWithTheTablesMessage() throws IOException {
        for (String[] row : rows()) {
            String url = "tun://:8421?" + (row[0].equals("net") ? "" : "net=10.0.0.1/24&") + row[0] + "="
                    + URLEncoder.encode(row[1], StandardCharsets.UTF_8).replace("+", "%20");
            CliException e = assertThrows(url, CliException.class, () -> ServiceUrl.parse(url, 0, null));
            assertEquals("service URL '" + url + "': " + row[2], e.getMessage());
        }
    }

    @Test
    public void theYamlFileRefusesEachWithTheTablesMessage() throws IOException {
        for (String[] row : rows()) {
            String yaml = yaml(row[0], row[1]);
            ConfigFileException e = assertThrows(yaml, ConfigFileException.class, () -> ConfigFile.parse(yaml, "t.yaml"));
            assertEquals("t.yaml: services[0].listener.metadata." + row[0] + ": " + row[2], e.getMessage());
        }
    }

    /** A TUN server with one metadata key set to {@code value}, single-quoted so YAML keeps it a string. */
    public static String yaml(String key, String value) {
        return "services:\n- name: srv\n  addr: :8421\n  handler:\n    type: tun\n  listener:\n    type: tun\n"
                + "    metadata:\n" + (key.equals("net") ? "" : "      net: 10.0.0.1/24\n")
                + "      " + key + ": '" + value.replace("'", "''") + "'\n"
                + "routers:\n- name: r0\n";
    }
}
