package org.gost4j.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;
import static org.ops4j.pax.exam.CoreOptions.mavenBundle;

import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.ServerSocket;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Hashtable;
import java.util.List;

import javax.inject.Inject;

import org.gost4j.api.auth.AutherMBean;
import org.gost4j.api.auth.Authenticator;
import org.gost4j.api.router.RouteEntry;
import org.gost4j.api.router.Router;
import org.gost4j.api.router.RouterMBean;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.ServiceReference;
import org.osgi.service.cm.ConfigurationAdmin;

/**
 * The fleet's libraries as bundles in a native Felix: the Redis client (Jedis and what it imports) resolves
 * beside our auther, router and metrics bundles (the metrics bundle carries its Prometheus client inside), an auther and a router load from a real redis-server on loopback and follow its changes, and the
 * metrics endpoint serves them behind basic authentication.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class FleetBundlesTest {

    /** The Redis client bundles as the distribution ships them. */
    static final String[][] REDIS_CLIENT = {{"redis.clients", "jedis"}, {"org.apache.commons", "commons-pool2"},
        {"com.google.code.gson", "gson"}, {"org.json", "json"}, {"redis.clients.authentication", "redis-authx-core"}};
    private static final long TIMEOUT_MS = 15_000;
    private static final Duration WAIT = Duration.ofMillis(TIMEOUT_MS);

    @Inject
    private BundleContext context;

    @Inject
    private ConfigurationAdmin configAdmin;

    @Configuration
    public Option[] config() {
        PaxOptions options = PaxOptions.felix("paxexam-fleet").configAdmin();
        for (String[] bundle : REDIS_CLIENT) {
            options.maven(bundle[0], bundle[1]);
        }
        // Jedis logs through slf4j 1.7: its API and the java.util.logging binding, as in the distribution
        return options.add(mavenBundle("org.slf4j", "slf4j-api", "1.7.36"), mavenBundle("org.slf4j", "slf4j-jdk14", "1.7.36"))
                .ours("api", "auther", "router", "metrics").toArray();
    }

    @Test
    public void theLibrariesAndOurBundlesAreActive() {
        List<String> problems = new ArrayList<>();
        for (Bundle b : context.getBundles()) {
            boolean fragment = b.getHeaders().get(Constants.FRAGMENT_HOST) != null;
            if (!fragment && b.getState() != Bundle.ACTIVE) {
                problems.add(b.getSymbolicName() + " in state " + b.getState());
            }
        }
        assertTrue("bundles not active: " + problems, problems.isEmpty());
        for (String bsn : List.of("redis.clients.jedis", "org.gost4j.metrics")) {
            assertTrue(bsn + " missing", List.of(context.getBundles()).stream()
                    .anyMatch(b -> bsn.equals(b.getSymbolicName())));
        }
    }

    @Test
    public void anAutherAndARouterFollowRedisAndTheMetricsEndpointShowsThem() throws Exception {
        TestEnv.requireRedis();
        Path work = Files.createDirectories(Paths.get("target", "paxexam-fleet").toAbsolutePath());
        try (RedisServer redis = RedisServer.onLoopback(work)) {
            redis.cli("HSET", "gost4j:users", "192.168.123.2", "pass1");
            redis.cli("SADD", "gost4j:routes", "172.10.0.0/16 192.168.123.2");

            org.osgi.service.cm.Configuration auther = factory("gost4j.auther", "fleet",
                    "name", "fleet", "redis.addr", redis.addr(), "redis.key", "gost4j:users", "reload", "1s");
            org.osgi.service.cm.Configuration router = factory("gost4j.router", "fleet",
                    "name", "fleet", "redis.addr", redis.addr(), "redis.key", "gost4j:routes", "redis.type", "set",
                    "reload", "1s");
            int port;
            try (ServerSocket socket = new ServerSocket(0)) {
                port = socket.getLocalPort();
            }
            org.osgi.service.cm.Configuration metrics = configAdmin.getFactoryConfiguration("gost4j.metrics", "pax", "?");
            metrics.update(properties("addr", "127.0.0.1:" + port, "username", "prom", "password", "scrape-me"));
            try {
                Authenticator users = service(Authenticator.class, "(name=fleet)");
                Await.until(WAIT, "the user in Redis is let in", () -> users.authenticate("192.168.123.2", "pass1"));
                redis.cli("HSET", "gost4j:users", "192.168.123.3", "pass3");
                Await.until(WAIT, "a user added in Redis is let in within the reload period",
                        () -> users.authenticate("192.168.123.3", "pass3"));
                redis.cli("HDEL", "gost4j:users", "192.168.123.3");
                Await.until(WAIT, "a user removed from Redis is refused",
                        () -> !users.authenticate("192.168.123.3", "pass3"));

                Await.until(WAIT, "the route in Redis",
                        () -> routes().contains(RouteEntry.parse("172.10.0.0/16 192.168.123.2")));
                redis.cli("SADD", "gost4j:routes", "172.20.0.0/16 192.168.123.3", "not-a-route");
                Await.until(WAIT, "a route added in Redis, the bad one skipped", () -> routes().equals(List.of(
                        RouteEntry.parse("172.10.0.0/16 192.168.123.2"), RouteEntry.parse("172.20.0.0/16 192.168.123.3")))
                        || routes().equals(List.of(RouteEntry.parse("172.20.0.0/16 192.168.123.3"),
                                RouteEntry.parse("172.10.0.0/16 192.168.123.2"))));

                AutherMBean autherMBean = service(AutherMBean.class, "(name=fleet)");
                long failures = autherMBean.getRefreshFailures();
                redis.stop();
                Await.until(WAIT, "Redis down is counted", () -> autherMBean.getRefreshFailures() > failures);
                assertTrue("the last good users stay", users.authenticate("192.168.123.2", "pass1"));
                assertEquals(2, service(RouterMBean.class, "(name=fleet)").getRoutes().length);

                String url = "http://127.0.0.1:" + port + "/metrics";
                Await.until(WAIT, "the metrics endpoint is up", () -> status(url, "prom", "scrape-me") == 200);
                assertEquals(401, status(url, "prom", "wrong"));
                String text = get(url, "prom", "scrape-me");
                assertTrue(text, text.contains("gost4j_auther_users{auther=\"fleet\"} 1.0"));
                assertTrue(text, text.contains("gost4j_router_routes{router=\"fleet\"} 2.0"));
                assertTrue(text, text.matches("(?s).*gost4j_auther_refresh_failures_total\\{auther=\"fleet\"} [1-9].*"));

                redis.start(); // empty: no persistence
                redis.cli("HSET", "gost4j:users", "192.168.123.4", "pass4");
                Await.until(WAIT, "Redis back is picked up", () -> users.authenticate("192.168.123.4", "pass4"));
                assertFalse("and its data replaces the last good data", users.authenticate("192.168.123.2", "pass1"));
            } finally {
                metrics.delete();
                router.delete();
                auther.delete();
            }
        }
    }

    /** GOST's HTTP auther plugin and HTTP loader inside Felix (Gson and the JDK's HTTP client wired). */
    @Test
    public void anAutherPluginAndAnHttpLoaderAskARealHttpServer() throws Exception {
        com.sun.net.httpserver.HttpServer server = com.sun.net.httpserver.HttpServer.create(
                new java.net.InetSocketAddress(java.net.InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/auth", exchange -> {
            String question = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            byte[] answer = ("{\"ok\": " + question.contains("\"password\":\"right\"") + "}")
                    .getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, answer.length);
            exchange.getResponseBody().write(answer);
            exchange.close();
        });
        server.createContext("/routes", exchange -> {
            byte[] body = "# routes\n172.30.0.0/16 192.168.123.7\n".getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
        String base = "http://127.0.0.1:" + server.getAddress().getPort();
        org.osgi.service.cm.Configuration auther = factory("gost4j.auther", "plug", "name", "plug",
                "plugin.type", "http", "plugin.addr", base + "/auth", "plugin.timeout", "2s");
        org.osgi.service.cm.Configuration router = factory("gost4j.router", "web", "name", "web",
                "http.url", base + "/routes");
        try {
            Authenticator plugin = service(Authenticator.class, "(name=plug)");
            org.gost4j.api.auth.AuthRequest request = new org.gost4j.api.auth.AuthRequest("service-0",
                    "10.0.0.2:4000", 10_000);
            assertTrue(plugin.authenticateAsync("192.168.123.2", "right", request).toCompletableFuture()
                    .get(5, java.util.concurrent.TimeUnit.SECONDS));
            assertFalse(plugin.authenticateAsync("192.168.123.2", "wrong", request).toCompletableFuture()
                    .get(5, java.util.concurrent.TimeUnit.SECONDS));
            Await.until(WAIT, "the routes from the HTTP loader", () -> {
                try {
                    return service(Router.class, "(name=web)").routes()
                            .equals(List.of(RouteEntry.parse("172.30.0.0/16 192.168.123.7")));
                } catch (Exception e) {
                    return false;
                }
            });
        } finally {
            router.delete();
            auther.delete();
            server.stop(0);
        }
    }

    private List<RouteEntry> routes() {
        try {
            return service(Router.class, "(name=fleet)").routes();
        } catch (Exception e) {
            return List.of();
        }
    }

    private org.osgi.service.cm.Configuration factory(String pid, String name, String... keyValues) throws IOException {
        org.osgi.service.cm.Configuration configuration = configAdmin.getFactoryConfiguration(pid, name, "?");
        configuration.update(properties(keyValues));
        return configuration;
    }

    private static Hashtable<String, Object> properties(String... keyValues) {
        Hashtable<String, Object> properties = new Hashtable<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            properties.put(keyValues[i], keyValues[i + 1]);
        }
        return properties;
    }

    private <T> T service(Class<T> type, String filter) throws Exception {
        long deadline = System.currentTimeMillis() + TIMEOUT_MS;
        while (System.currentTimeMillis() < deadline) {
            for (ServiceReference<T> ref : context.getServiceReferences(type, filter)) {
                T service = context.getService(ref);
                if (service != null) {
                    return service;
                }
            }
            Thread.sleep(50);
        }
        throw new AssertionError("no " + type.getSimpleName() + " " + filter);
    }

    private static int status(String url, String user, String password) {
        try {
            return connect(url, user, password).getResponseCode();
        } catch (IOException e) {
            return -1;
        }
    }

    private static String get(String url, String user, String password) throws IOException {
        HttpURLConnection connection = connect(url, user, password);
        assertEquals(200, connection.getResponseCode());
        try (InputStream in = connection.getInputStream()) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static HttpURLConnection connect(String url, String user, String password) throws IOException {
        HttpURLConnection connection = (HttpURLConnection) new URL(url).openConnection();
        connection.setRequestProperty("Authorization", "Basic " + Base64.getEncoder()
                .encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8)));
        assertNotNull(connection);
        return connection;
    }
}
