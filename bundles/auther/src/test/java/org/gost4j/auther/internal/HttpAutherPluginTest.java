package org.gost4j.auther.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import org.gost4j.api.auth.AuthRequest;
import org.junit.After;
import org.junit.Before;
import org.junit.Test;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.sun.net.httpserver.HttpServer;

/** GOST's HTTP auther plugin against a real HTTP server (the JDK's). */
public class HttpAutherPluginTest {

    private HttpServer server;
    private final List<JsonObject> questions = new CopyOnWriteArrayList<>();
    private final List<String> authorizations = new CopyOnWriteArrayList<>();
    private final AtomicInteger status = new AtomicInteger(200);
    private final AtomicInteger delayMillis = new AtomicInteger();
    private final AtomicReference<String> answer = new AtomicReference<>();
    private HttpAutherPlugin plugin;

    @Before
    public void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/auth", exchange -> {
            JsonObject question = JsonParser.parseString(
                    new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8)).getAsJsonObject();
            questions.add(question);
            authorizations.add(String.valueOf(exchange.getRequestHeaders().getFirst("Authorization")));
            try {
                Thread.sleep(delayMillis.get());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            String body = answer.get() != null ? answer.get()
                    : "{\"ok\": " + "right".equals(question.get("password").getAsString()) + ", \"id\": \"u1\"}";
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(status.get(), bytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        });
        server.setExecutor(Executors.newCachedThreadPool());
        server.start();
        plugin = new HttpAutherPlugin("auther p", "http://127.0.0.1:" + server.getAddress().getPort() + "/auth",
                Duration.ofMillis(2_000), "tok");
    }

    @After
    public void stop() {
        plugin.close();
        server.stop(0);
    }

    private boolean ask(String user, String password, long reuseMillis) throws Exception {
        return plugin.ask(user, password, new AuthRequest("service-0", "10.0.0.2:40000", reuseMillis))
                .get(5, TimeUnit.SECONDS);
    }

    @Test
    public void sendsGostsQuestionAndReadsItsAnswer() throws Exception {
        assertTrue(ask("192.168.123.2", "right", 0));
        assertFalse(ask("192.168.123.2", "wrong", 0));
        JsonObject first = questions.get(0);
        assertEquals("service-0", first.get("service").getAsString());
        assertEquals("192.168.123.2", first.get("username").getAsString());
        assertEquals("right", first.get("password").getAsString());
        assertEquals("10.0.0.2:40000", first.get("client").getAsString());
        assertEquals("Bearer tok", authorizations.get(0));
        assertEquals(0, plugin.failures());
    }

    @Test
    public void answersAreReusedForTheKeepalivePeriodAtMost() throws Exception {
        assertTrue(ask("192.168.123.2", "right", 3_000));
        assertTrue(ask("192.168.123.2", "right", 3_000));
        assertFalse(ask("192.168.123.2", "wrong", 3_000));
        assertFalse(ask("192.168.123.2", "wrong", 3_000));
        assertEquals("one question each, the repeats answered from the cache", 2, questions.size());
        Thread.sleep(3_100);
        assertTrue(ask("192.168.123.2", "right", 3_000));
        assertEquals("asked again once the period is over", 3, questions.size());
    }

    @Test
    public void errorsTimeoutsAndBadAnswersRefuseAndAreCountedButNotReused() throws Exception {
        status.set(500);
        assertFalse(ask("192.168.123.2", "right", 10_000));
        assertEquals(1, plugin.failures());

        status.set(200);
        assertTrue("a failure is not reused", ask("192.168.123.2", "right", 10_000));

        answer.set("not json");
        assertFalse(ask("192.168.123.3", "right", 10_000));
        assertEquals(2, plugin.failures());

        answer.set(null);
        delayMillis.set(6_000);
        long start = System.nanoTime();
        assertFalse(ask("192.168.123.4", "right", 10_000));
        assertTrue("refused after the timeout, not after the server's delay",
                System.nanoTime() - start < TimeUnit.MILLISECONDS.toNanos(4_500));
        assertEquals(3, plugin.failures());
    }

    @Test
    public void anUnreachablePluginRefuses() throws Exception {
        server.stop(0);
        assertFalse(ask("192.168.123.2", "right", 0));
        assertEquals(1, plugin.failures());
    }
}
