package org.gost4j.support.loader;

import static org.junit.Assert.assertNotNull;
import static org.junit.Assume.assumeTrue;

import java.io.File;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * A real {@code redis-server} (Debian package redis-server) on a free loopback port, without persistence, for
 * the loader tests. Without the program the test is skipped, except under CI (CI=true), where it fails.
 */
final class RedisServerProcess implements AutoCloseable {

    private final int port;
    private final Path dir;
    private Process process;

    RedisServerProcess() throws IOException, InterruptedException {
        String program = find();
        if (System.getenv("CI") != null) {
            assertNotNull("redis-server is missing (apt-get install redis-server)", program);
        }
        assumeTrue("redis-server is not installed", program != null);
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = socket.getLocalPort();
        }
        dir = Files.createTempDirectory("gost4j-redis");
        start();
    }

    private static String find() {
        for (String candidate : new String[] {"/usr/bin/redis-server", "/usr/local/bin/redis-server"}) {
            if (new File(candidate).canExecute()) {
                return candidate;
            }
        }
        return null;
    }

    int port() {
        return port;
    }

    String addr() {
        return "127.0.0.1:" + port;
    }

    /** Starts it (again, after {@link #stop}) on the same port and waits until it accepts connections. */
    void start() throws IOException, InterruptedException {
        process = new ProcessBuilder(find(), "--port", String.valueOf(port), "--bind", "127.0.0.1", "--save", "",
                "--appendonly", "no", "--dir", dir.toString())
                .redirectErrorStream(true).redirectOutput(dir.resolve("redis.log").toFile()).start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < deadline) {
            try (Socket probe = new Socket()) {
                probe.connect(new InetSocketAddress("127.0.0.1", port), 200);
                return;
            } catch (IOException notYet) {
                Thread.sleep(50);
            }
        }
        throw new IOException("redis-server did not listen on " + port + ": " + Files.readString(dir.resolve("redis.log")));
    }

    /** Stops it (its data is gone, as it keeps none on disk). */
    void stop() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(5, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
        }
    }

    /** Runs {@code redis-cli}-like commands through Jedis itself. */
    redis.clients.jedis.Jedis client() {
        return new redis.clients.jedis.Jedis("127.0.0.1", port);
    }

    @Override
    public void close() throws InterruptedException {
        stop();
    }
}
