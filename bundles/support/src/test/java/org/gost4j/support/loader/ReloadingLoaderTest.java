package org.gost4j.support.loader;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import org.gost4j.support.loader.ReloadingLoader.Loaded;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

import com.sun.net.httpserver.HttpServer;

/** The loader against a real file, a real HTTP server (the JDK's) and a real redis-server. */
public class ReloadingLoaderTest {

    @Rule
    public TemporaryFolder folder = new TemporaryFolder();

    private final List<List<Loaded>> rounds = new ArrayList<>();

    private List<String> lastLines(int source) {
        return rounds.get(rounds.size() - 1).get(source).lines();
    }

    @Test
    public void fileChangesAreHandedOnAndAMissingFileKeepsTheLastGoodLines() throws IOException {
        Path file = folder.getRoot().toPath().resolve("users.txt");
        Files.writeString(file, "# users\n192.168.123.2 pass1\n");
        try (ReloadingLoader loader = new ReloadingLoader("auther t", List.of(new FileSource(file)), Duration.ZERO,
                rounds::add)) {
            loader.refresh();
            assertEquals(List.of("# users", "192.168.123.2 pass1"), lastLines(0));

            loader.refresh();
            assertEquals("an unchanged source is not handed on again", 1, rounds.size());

            Files.writeString(file, "192.168.123.3 pass2\n");
            loader.refresh();
            assertEquals(List.of("192.168.123.3 pass2"), lastLines(0));

            Files.delete(file);
            loader.refresh();
            loader.refresh();
            assertEquals("a failing source changes nothing", 2, rounds.size());
            assertEquals(2, loader.failures());
            assertEquals(5, loader.refreshes());
            assertTrue(loader.describeSources()[0], loader.describeSources()[0].contains("failing"));
            assertTrue("the reason, not the path again: " + loader.describeSources()[0],
                    loader.describeSources()[0].endsWith(": failing (no such file), keeping 1 lines"));

            Files.writeString(file, "192.168.123.4 pass3\n");
            loader.refresh();
            assertEquals(List.of("192.168.123.4 pass3"), lastLines(0));
            assertTrue(loader.describeSources()[0], loader.describeSources()[0].endsWith("ok, 1 lines"));
        }
    }

    @Test
    public void httpAnswersOtherThan200AndTimeoutsKeepTheLastGoodLines() throws IOException {
        AtomicInteger status = new AtomicInteger(200);
        AtomicReference<String> body = new AtomicReference<>("10.1.0.0/16 192.168.123.2\n");
        AtomicInteger delayMillis = new AtomicInteger();
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/routes", exchange -> {
            try {
                Thread.sleep(delayMillis.get());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            byte[] bytes = body.get().getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(status.get(), bytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        });
        // the slow answer below must not hold up the next request
        server.setExecutor(java.util.concurrent.Executors.newCachedThreadPool());
        server.start();
        String url = "http://127.0.0.1:" + server.getAddress().getPort() + "/routes";
        try (ReloadingLoader loader = new ReloadingLoader("router t",
                List.of(new HttpSource(url, Duration.ofMillis(1_500))), Duration.ZERO, rounds::add)) {
            loader.refresh();
            assertEquals(List.of("10.1.0.0/16 192.168.123.2"), lastLines(0));

            status.set(500);
            loader.refresh();
            assertEquals(1, loader.failures());

            status.set(200);
            delayMillis.set(5_000);
            long start = System.nanoTime();
            loader.refresh();
            assertTrue("a slow server costs the timeout, not its delay",
                    System.nanoTime() - start < Duration.ofMillis(4_000).toNanos());
            assertEquals(2, loader.failures());
            assertEquals("the last good lines stay", 1, rounds.size());

            delayMillis.set(0);
            body.set("10.2.0.0/16 192.168.123.3\n");
            loader.refresh();
            assertEquals(List.of("10.2.0.0/16 192.168.123.3"), lastLines(0));
        } finally {
            server.stop(0);
        }
    }

    @Test
    public void redisHashSetAndListAreReadAndRedisDownKeepsTheLastGoodLines() throws Exception {
        try (RedisServerProcess redis = new RedisServerProcess()) {
            try (var jedis = redis.client()) {
                jedis.hset("gost", "192.168.123.2", "pass1");
                jedis.sadd("routes-set", "10.1.0.0/16 192.168.123.2");
                jedis.rpush("routes-list", "10.2.0.0/16 192.168.123.3", "10.3.0.0/16 192.168.123.4");
            }
            Duration timeout = Duration.ofSeconds(1);
            RedisSource hash = new RedisSource(new RedisSource.Settings(redis.addr(), 0, "", "", "",
                    RedisSource.Type.HASH, timeout));
            RedisSource set = new RedisSource(new RedisSource.Settings(redis.addr(), 0, "", "", "routes-set",
                    RedisSource.Type.SET, timeout));
            RedisSource list = new RedisSource(new RedisSource.Settings(redis.addr(), 0, "", "", "routes-list",
                    RedisSource.Type.LIST, timeout));
            assertEquals("redis 127.0.0.1:" + redis.port() + " db 0 hash gost", hash.describe());
            try (ReloadingLoader loader = new ReloadingLoader("t", List.of(hash, set, list), Duration.ZERO,
                    rounds::add)) {
                loader.refresh();
                assertEquals(List.of("192.168.123.2 pass1"), lastLines(0));
                assertEquals(List.of("10.1.0.0/16 192.168.123.2"), lastLines(1));
                assertEquals(List.of("10.2.0.0/16 192.168.123.3", "10.3.0.0/16 192.168.123.4"), lastLines(2));

                redis.stop();
                loader.refresh();
                assertEquals(3, loader.failures());
                assertEquals("Redis down changes nothing", 1, rounds.size());

                redis.start(); // empty again: no persistence
                try (var jedis = redis.client()) {
                    jedis.hset("gost", "192.168.123.5", "pass5");
                }
                loader.refresh();
                assertEquals(List.of("192.168.123.5 pass5"), lastLines(0));
                assertEquals("a missing key is an empty source", List.of(), lastLines(1));
            }
        }
    }

    @Test
    public void aPeriodicLoaderStopsItsThreadOnClose() throws Exception {
        Path file = folder.getRoot().toPath().resolve("routes.txt");
        Files.writeString(file, "10.1.0.0/16 192.168.123.2\n");
        ReloadingLoader loader = new ReloadingLoader("router p", List.of(new FileSource(file)), Duration.ofSeconds(1),
                lines -> { });
        loader.start();
        long deadline = System.currentTimeMillis() + 5_000;
        while (loader.refreshes() < 2 && System.currentTimeMillis() < deadline) {
            Thread.sleep(50);
        }
        assertTrue("reloads every second", loader.refreshes() >= 2);
        loader.close();
        // the executor reports termination as its worker leaves, a moment before the thread itself ends
        for (Thread thread : Thread.getAllStackTraces().keySet()) {
            if (thread.getName().equals("gost4j-router-p-loader")) {
                thread.join(2_000);
                assertTrue("the loader thread still runs", !thread.isAlive());
            }
        }
    }
}
