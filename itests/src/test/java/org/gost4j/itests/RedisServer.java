package org.gost4j.itests;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A real {@code redis-server} (Debian package redis-server) without persistence, either on a free loopback port
 * of this machine or inside a side of a {@link Netns} topology, stopped by PID; {@link #cli} runs
 * {@code redis-cli} against it (from inside the same namespace).
 */
final class RedisServer implements AutoCloseable {

    private final Netns lab;
    private final String side;
    private final String host;
    private final int port;
    private final Path dir;
    private Process process;

    private RedisServer(Netns lab, String side, String host, int port, Path dir) {
        this.lab = lab;
        this.side = side;
        this.host = host;
        this.port = port;
        this.dir = dir;
    }

    /** On 127.0.0.1 of this machine, a free port. */
    static RedisServer onLoopback(Path workDir) throws IOException {
        int port;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = socket.getLocalPort();
        }
        RedisServer redis = new RedisServer(null, null, "127.0.0.1", port, Files.createTempDirectory(workDir, "redis"));
        redis.start();
        return redis;
    }

    /** Inside {@code side} of {@code lab} on every address of that namespace, port 6379. */
    static RedisServer inNamespace(Netns lab, String side) throws IOException {
        RedisServer redis = new RedisServer(lab, side, "0.0.0.0", 6379, Files.createTempDirectory(lab.workDir(), "redis"));
        redis.start();
        return redis;
    }

    String addr() {
        return host + ":" + port;
    }

    /** Starts it (again after {@link #stop}: empty, as it keeps nothing on disk) and waits until it answers. */
    void start() {
        List<String> command = new ArrayList<>(List.of("redis-server", "--port", String.valueOf(port), "--bind", host,
                "--save", "", "--appendonly", "no", "--dir", dir.toString(), "--dbfilename", "dump.rdb",
                "--protected-mode", "no"));
        Path log = dir.resolve("redis-" + System.nanoTime() + ".log");
        try {
            process = lab == null
                    ? new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start()
                    : lab.spawn(side, log, Map.of(), command.toArray(String[]::new));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < deadline) {
            if (answers()) {
                return;
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted");
            }
        }
        throw new IllegalStateException("redis-server did not answer on " + addr());
    }

    private boolean answers() {
        if (lab == null) {
            try (Socket probe = new Socket()) {
                probe.connect(new InetSocketAddress(host, port), 200);
                return true;
            } catch (IOException notYet) {
                return false;
            }
        }
        return cli("PING").trim().equals("PONG");
    }

    /** Runs one redis-cli command and returns its output. */
    String cli(String... args) {
        String target = "0.0.0.0".equals(host) ? "127.0.0.1" : host;
        List<String> command = new ArrayList<>(List.of("redis-cli", "-h", target, "-p", String.valueOf(port)));
        command.addAll(List.of(args));
        if (lab != null) {
            return lab.exec(side, Duration.ofSeconds(10), command.toArray(String[]::new)).output();
        }
        // not through Netns: inside a Pax Exam framework its namespace bookkeeping has nothing to do
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            String output = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            p.waitFor(10, TimeUnit.SECONDS);
            return output;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted");
        }
    }

    /** Writes its data to disk first, so a {@link #start} after this finds it again (Redis loads it at start). */
    void saveAndStop() {
        cli("SAVE");
        stop();
    }

    void stop() {
        if (process != null) {
            process.destroy();
            try {
                if (!process.waitFor(5, TimeUnit.SECONDS)) {
                    process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            process = null;
        }
    }

    @Override
    public void close() {
        stop();
    }
}
