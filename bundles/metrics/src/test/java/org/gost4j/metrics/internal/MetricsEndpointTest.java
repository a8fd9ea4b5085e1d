package org.gost4j.metrics.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Proxy;
import java.net.HttpURLConnection;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import org.gost4j.api.tunnel.TunnelMBean;
import org.junit.After;
import org.junit.Test;

/** The endpoint on a real socket: the text format of a tunnel's counters, authentication, path and methods. */
public class MetricsEndpointTest {

    private MetricsEndpoint endpoint;

    @After
    public void stop() {
        if (endpoint != null) {
            endpoint.deactivate();
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private static MetricsConfig config(Map<String, String> values) {
        return (MetricsConfig) Proxy.newProxyInstance(MetricsConfig.class.getClassLoader(),
                new Class<?>[] {MetricsConfig.class}, (proxy, method, args) -> values.getOrDefault(method.getName(),
                        (String) method.getDefaultValue()));
    }

    private static int status(String url, String authorization) throws IOException {
        HttpURLConnection connection = (HttpURLConnection) new URL(url).openConnection();
        if (authorization != null) {
            connection.setRequestProperty("Authorization", authorization);
        }
        return connection.getResponseCode();
    }

    private static String get(String url, String authorization) throws IOException {
        HttpURLConnection connection = (HttpURLConnection) new URL(url).openConnection();
        connection.setRequestProperty("Authorization", authorization);
        assertEquals(200, connection.getResponseCode());
        assertTrue(connection.getContentType(), connection.getContentType().startsWith("text/plain; version=0.0.4"));
        try (InputStream in = connection.getInputStream()) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    @Test
    public void servesTheTunnelsCountersToTheRightCredentialsOnly() throws IOException {
        int port = freePort();
        endpoint = new MetricsEndpoint();
        endpoint.tunnels.add(new FixedTunnel());
        endpoint.activate(config(Map.of("addr", "127.0.0.1:" + port, "path", "/m", "username", "prom",
                "password", "s3cret")));
        String url = "http://127.0.0.1:" + port + "/m";

        assertEquals(401, status(url, null));
        assertEquals(401, status(url, basic("prom", "wrong")));
        assertEquals(404, status("http://127.0.0.1:" + port + "/other", basic("prom", "s3cret")));

        String text = get(url, basic("prom", "s3cret"));
        assertTrue(text, text.contains("# TYPE gost_service_transfer_input_bytes_total counter"));
        assertTrue(text, text.matches("(?s).*gost_service_transfer_input_bytes_total\\{client=\"192.168.123.1\",host=\"[^\"]+\",service=\"service-0\"} 2000\\.0.*"));
        assertTrue(text, text.contains("gost4j_service_dropped_packets_total{reason=\"auth_failed\",service=\"service-0\"} 3.0"));
        assertTrue(text, text.contains("gost4j_service_registration_refusals_total{reason=\"auth_failed\",service=\"service-0\"} 3.0"));
        assertTrue(text, text.contains("gost4j_service_peers{service=\"service-0\"} 1.0"));
        assertTrue(text, text.contains("gost4j_peer_sent_bytes_total{peer=\"10.0.0.2:40000\",service=\"service-0\",tunnel_ip=\"192.168.123.2\"} 800.0"));
        assertTrue(text, text.contains("gost4j_device_read_packets_total{device=\"tun0\",service=\"service-0\"} 20.0"));
        assertTrue(text, text.contains("gost_services{host="));
        assertTrue(text, text.matches("(?s).*gost_service_status\\{host=\"[^\"]+\",state=\"up\"} 1\\.0.*"));
        assertTrue(text, text.contains("gost4j_device_failures_total{device=\"tun0\",service=\"service-0\"} 1.0"));
    }

    @Test
    public void headAnswersWithoutAScrapeAndOtherMethodsGet405() throws IOException {
        int port = freePort();
        FixedTunnel tunnel = new FixedTunnel();
        endpoint = new MetricsEndpoint();
        endpoint.tunnels.add(tunnel);
        endpoint.activate(config(Map.of("addr", "127.0.0.1:" + port)));
        String url = "http://127.0.0.1:" + port + "/metrics";

        HttpURLConnection head = (HttpURLConnection) new URL(url).openConnection();
        head.setRequestMethod("HEAD");
        assertEquals(200, head.getResponseCode());
        assertTrue(head.getContentType(), head.getContentType().startsWith("text/plain; version=0.0.4"));
        assertEquals("a HEAD request read the tunnel", 0, tunnel.reads.get());

        HttpURLConnection post = (HttpURLConnection) new URL(url).openConnection();
        post.setRequestMethod("DELETE");
        assertEquals(405, post.getResponseCode());
        assertEquals("GET, HEAD", post.getHeaderField("Allow"));

        get(url, null);
        assertTrue("a GET reads the tunnel", tunnel.reads.get() > 0);
    }

    @Test
    public void aBadAddressOrAPortInUseIsRefusedWithoutAnExceptionForScrToPrint() throws IOException {
        endpoint = new MetricsEndpoint();
        endpoint.activate(config(Map.of("addr", ":notaport")));
        endpoint.deactivate();
        try (ServerSocket taken = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            endpoint = new MetricsEndpoint();
            endpoint.activate(config(Map.of("addr", "127.0.0.1:" + taken.getLocalPort())));
        } // each refused in one line (and @After's deactivate has nothing to stop), where it threw before
    }

    @Test
    public void anEmptyHostWithoutCredentialsServesLoopbackOnly() throws IOException {
        ListenAddress narrowed = ListenAddress.of(":9000", false);
        assertTrue(narrowed.emptyHostNarrowed());
        assertTrue(narrowed.address().getAddress().isLoopbackAddress());
        ListenAddress everywhere = ListenAddress.of(":9000", true);
        assertTrue("as GOST, with credentials", everywhere.address().getAddress().isAnyLocalAddress());
        assertTrue(ListenAddress.of("0.0.0.0:9000", false).address().getAddress().isAnyLocalAddress());
        assertEquals(new InetSocketAddress("127.0.0.1", 9100), ListenAddress.of("127.0.0.1:9100", false).address());
    }

    /** Fixed numbers, so the output can be checked exactly. */
    private static final class FixedTunnel implements TunnelMBean {
        /** Scrapes that read it. */
        final AtomicInteger reads = new AtomicInteger();
        public String getName() { reads.incrementAndGet(); return "service-0"; }
        public String getState() { return "up"; }
        public long getDeviceFailures() { return 1; }
        public long getPeersEvicted() { return 0; }
        public String getLastError() { return ""; }
        public String[] getAddresses() { return new String[] {"192.168.123.1/24"}; }
        public String getMode() { return "server"; }
        public String getDevice() { return "tun0"; }
        public String getListenAddress() { return "0.0.0.0:8421"; }
        public String[] getPeers() { return new String[0]; }
        public long getPacketsFromDevice() { return 20; }
        public long getBytesFromDevice() { return 2000; }
        public long getPacketsToDevice() { return 10; }
        public long getBytesToDevice() { return 1000; }
        public long getPacketsForwarded() { return 0; }
        public long getPacketsFromNetwork() { return 14; }
        public long getBytesFromNetwork() { return 1036; }
        public long getPacketsToNetwork() { return 21; }
        public long getBytesToNetwork() { return 2020; }
        public int getPeerCount() { return 1; }
        public String[] getPeerTraffic() { return new String[] {"10.0.0.2:40000 192.168.123.2 10 1000 8 800"}; }
        public String[] getDrops() { return new String[] {"auth_failed=3", "no_route=2"}; }
        public long getDropsTotal() { return 5; }
        public boolean disconnectPeer(String tunnelIp) { return false; }
        public String addRoute(String cidr) { return ""; }
        public String removeRoute(String cidr) { return ""; }
    }
}
