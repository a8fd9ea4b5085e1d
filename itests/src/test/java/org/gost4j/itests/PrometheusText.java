package org.gost4j.itests;

import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

/**
 * A scrape parsed by a real Prometheus text-format parser: the Prometheus project's Python client
 * ({@code prometheus_client.parser}, Debian package python3-prometheus-client), run by the system's python3. A
 * scrape it cannot parse fails the test.
 */
final class PrometheusText {

    /** One sample: its name (with {@code _total} for counters), labels and value. */
    record Sample(String name, Map<String, String> labels, double value) {
    }

    static final Path PYTHON = Path.of("/usr/bin/python3");
    private static final String PARSE = String.join("\n",
            "import sys",
            "from prometheus_client.parser import text_string_to_metric_families",
            "for family in text_string_to_metric_families(sys.stdin.read()):",
            "    for s in family.samples:",
            "        labels = '\\x1e'.join(k + '\\x1f' + v for k, v in sorted(s.labels.items()))",
            "        print(s.name + '\\t' + labels + '\\t' + repr(float(s.value)))");

    private PrometheusText() {
    }

    static List<Sample> parse(String exposition) {
        try {
            Process python = new ProcessBuilder(PYTHON.toString(), "-c", PARSE).redirectErrorStream(true).start();
            try (OutputStream in = python.getOutputStream()) {
                in.write(exposition.getBytes(StandardCharsets.UTF_8));
            }
            String out = new String(python.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertTrue("the parser did not finish", python.waitFor(30, TimeUnit.SECONDS));
            assertTrue("the Prometheus parser refused the scrape: " + out + "\n" + exposition, python.exitValue() == 0);
            List<Sample> samples = new ArrayList<>();
            for (String line : out.split("\n")) {
                if (line.isBlank()) {
                    continue;
                }
                String[] fields = line.split("\t", -1);
                Map<String, String> labels = new TreeMap<>();
                if (!fields[1].isEmpty()) {
                    // label values may hold any character but these two control characters
                    for (String pair : fields[1].split("\u001e")) {
                        int separator = pair.indexOf('\u001f');
                        labels.put(pair.substring(0, separator), pair.substring(separator + 1));
                    }
                }
                samples.add(new Sample(fields[0], labels, Double.parseDouble(fields[2])));
            }
            return samples;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    /** The value of the sample {@code name} whose labels include {@code labels}; NaN if there is none. */
    static double value(List<Sample> samples, String name, Map<String, String> labels) {
        return samples.stream().filter(s -> s.name().equals(name) && s.labels().entrySet().containsAll(labels.entrySet()))
                .mapToDouble(Sample::value).findFirst().orElse(Double.NaN);
    }

    /** Whether the parser is installed; the tests that need it check with {@link TestEnv}. */
    static boolean available() {
        return Files.isExecutable(PYTHON)
                && Files.exists(Path.of("/usr/lib/python3/dist-packages/prometheus_client/parser.py"));
    }
}
