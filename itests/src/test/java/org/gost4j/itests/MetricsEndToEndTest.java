package org.gost4j.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.Test;

/**
 * {@code -metrics user:pass@127.0.0.1:9100} on a real server: while iperf3 runs through the tunnel, successive
 * scrapes (plain HTTP GET with curl, parsed by the Prometheus project's own text parser) show the service's
 * byte counters growing, under GOST's metric names; wrong or missing credentials get 401.
 */
public class MetricsEndToEndTest extends NetnsTestSupport {

    private static final String METRICS = "http://127.0.0.1:9100/metrics";

    @Override
    protected String[] requiredCommands() {
        return new String[] {"iperf3", "curl"};
    }

    @Test(timeout = 120_000)
    public void aTunnelsByteCountersGrowWhileIperfRunsAndWrongCredentialsGet401() {
        TestEnv.requirePrometheusParser();
        // the installation's own home, for the longer start-up allowance of that variant (a loaded CI machine)
        appliance(TestEnv.home(), SRV, "tun0", "-L", SERVER_URL, "-metrics", "prom:scrape-me@127.0.0.1:9100");
        appliance(TestEnv.home(), CLI, "tun0", "-L", CLIENT_URL + "&keepalive=true&ttl=2s");
        assertPing(CLI, SRV_TUN_IP, Duration.ofSeconds(10));

        assertEquals("401", httpStatus("-u", "prom:wrong"));
        assertEquals("401", httpStatus());
        assertEquals("200", httpStatus("-u", "prom:scrape-me"));

        startIperfServer();
        Netns.sleep(500);
        Process iperf = lab.spawn(CLI, lab.workDir().resolve("iperf3-client.log"), Map.of(),
                "iperf3", "-c", SRV_TUN_IP, "-p", "5201", "-t", "8", "--connect-timeout", "3000");
        List<String> scrapes = new ArrayList<>(); // parsed afterwards, so scraping keeps pace with the transfer
        for (int i = 0; i < 10 && iperf.isAlive(); i++) {
            Netns.sleep(500);
            if (iperf.isAlive()) {
                scrapes.add(scrape());
            }
        }
        List<Double> toDevice = new ArrayList<>();
        List<Double> fromPeer = new ArrayList<>();
        for (String scrape : scrapes) {
            List<PrometheusText.Sample> samples = PrometheusText.parse(scrape);
            toDevice.add(PrometheusText.value(samples, "gost_service_transfer_output_bytes_total",
                    Map.of("service", "service-0", "client", SRV_TUN_IP)));
            // the client's tunnel IPs: 192.168.123.2, and the IPv6 link-local address the server learned too
            fromPeer.add(samples.stream().filter(sample -> sample.name().equals("gost4j_peer_received_bytes_total")
                    && sample.labels().getOrDefault("tunnel_ip", "").contains(CLI_TUN_IP))
                    .mapToDouble(PrometheusText.Sample::value).findFirst().orElse(Double.NaN));
        }
        metric("bytes written to the server's device, scrape by scrape", toDevice);
        int growing = 0;
        for (int i = 1; i < toDevice.size(); i++) {
            if (toDevice.get(i) - toDevice.get(i - 1) > 1_000_000 && fromPeer.get(i) - fromPeer.get(i - 1) > 1_000_000) {
                growing++;
            }
        }
        assertTrue("the byte counters did not grow by a megabyte from scrape to scrape while iperf3 ran: " + toDevice
                + " / " + fromPeer, growing >= 2);

        List<PrometheusText.Sample> after = PrometheusText.parse(scrape());
        assertEquals(1.0, PrometheusText.value(after, "gost_services", Map.of()), 0.0);
        assertEquals(1.0, PrometheusText.value(after, "gost4j_service_peers", Map.of("service", "service-0")), 0.0);
        assertTrue(PrometheusText.value(after, "gost4j_device_read_bytes_total", Map.of("device", "tun0")) > 0);
    }

    private String httpStatus(String... credentials) {
        List<String> command = new ArrayList<>(List.of("curl", "-s", "-o", "/dev/null", "-w", "%{http_code}"));
        command.addAll(List.of(credentials));
        command.add(METRICS);
        return lab.exec(SRV, Duration.ofSeconds(10), command.toArray(String[]::new)).output().trim();
    }

    private String scrape() {
        return lab.exec(SRV, Duration.ofSeconds(10), "curl", "-sS", "-f", "-u", "prom:scrape-me", METRICS)
                .check("scrape").output();
    }
}
