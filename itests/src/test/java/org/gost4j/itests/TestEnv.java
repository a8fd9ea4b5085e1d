package org.gost4j.itests;

import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;

import org.junit.Assume;

/** Where things are, and whether this machine can run the end-to-end tests. */
public final class TestEnv {

    private TestEnv() {
    }

    /** True when running as uid 0 (read from /proc, no native code). */
    public static boolean isRoot() {
        try {
            for (String line : Files.readAllLines(Paths.get("/proc/self/status"))) {
                if (line.startsWith("Uid:")) {
                    return line.split("\\s+")[1].equals("0");
                }
            }
        } catch (IOException e) {
            return false;
        }
        return false;
    }

    public static boolean hasTun() {
        return Files.exists(Paths.get("/dev/net/tun"));
    }

    /** Whether an executable of that name is on the PATH. */
    public static boolean onPath(String command) {
        String path = System.getenv().getOrDefault("PATH", "/usr/sbin:/usr/bin:/sbin:/bin");
        for (String dir : path.split(File.pathSeparator)) {
            if (!dir.isEmpty() && Files.isExecutable(Paths.get(dir, command))) {
                return true;
            }
        }
        return false;
    }

    /** Skips the test unless we are root with /dev/net/tun and the given commands (under CI: fails). */
    public static void requireRootAnd(String... commands) {
        List<String> missing = new ArrayList<>();
        if (!isRoot()) {
            missing.add("root");
        }
        if (!hasTun()) {
            missing.add("/dev/net/tun");
        }
        for (String c : commands) {
            if (!onPath(c)) {
                missing.add(c);
            }
        }
        if (!missing.isEmpty()) {
            skipOrFailUnderCi("end-to-end prerequisites missing: " + missing + " (.ci/run installs them)");
        }
    }

    /**
     * Skips the test without {@code redis-server} and {@code redis-cli} (Debian package redis-server); under CI
     * that is a failure, as for the other tools.
     */
    public static void requireRedis() {
        if (!onPath("redis-server") || !onPath("redis-cli")) {
            skipOrFailUnderCi("redis-server or redis-cli missing (apt-get install redis-server)");
        }
    }

    /**
     * Skips the test without the Prometheus text parser (Debian package python3-prometheus-client, for the system's
     * python3); under CI that is a failure.
     */
    public static void requirePrometheusParser() {
        if (!PrometheusText.available()) {
            skipOrFailUnderCi("the Prometheus parser is missing (apt-get install python3-prometheus-client)");
        }
    }

    /**
     * Skips the test for want of a prerequisite; under CI ({@code CI=true}) fails instead: CI sets up every
     * prerequisite, so a skip there would hide a broken setup.
     */
    static void skipOrFailUnderCi(String missing) {
        if ("true".equalsIgnoreCase(System.getenv("CI"))) {
            fail(missing + " (CI=true, so this is a failure, not a skip)");
        }
        Assume.assumeTrue(missing, false);
    }

    /** The repository root. */
    public static Path root() {
        return Paths.get(System.getProperty("gost4j.root", "..")).toAbsolutePath().normalize();
    }

    public static String version() {
        return System.getProperty("gost4j.version", "0.1.0-SNAPSHOT");
    }

    /** The assembled distribution, {@code distribution/target/gost4j}; fails clearly if it was not built. */
    public static Path home() {
        Path home = Paths.get(System.getProperty("gost4j.home", "../distribution/target/gost4j"))
                .toAbsolutePath().normalize();
        Path launcher = home.resolve("bin/gost4j");
        if (!Files.isRegularFile(launcher)) {
            fail("distribution not built: " + launcher + " does not exist. Build it first "
                    + "(mvn -B verify at the repository root builds the distribution before the itests).");
        }
        assertTrue(launcher + " is not executable", Files.isExecutable(launcher));
        return home;
    }

    /** A TCP port free in this namespace just now (the usual small race is acceptable in tests). */
    public static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** This JVM's {@code java} launcher. */
    static String java() {
        return Paths.get(System.getProperty("java.home"), "bin", "java").toString();
    }

    /**
     * The command that runs {@code main}, a class of these tests, in a JVM of its own (with {@code jvmOptions}):
     * for code that must run inside a network namespace, which a thread of this JVM cannot enter.
     */
    static List<String> javaMain(Class<?> main, String... jvmOptions) {
        List<String> command = new ArrayList<>(List.of(java()));
        command.addAll(List.of(jvmOptions));
        try {
            command.addAll(List.of("-cp", Paths.get(main.getProtectionDomain().getCodeSource().getLocation().toURI())
                    .toString(), main.getName()));
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
        return command;
    }

    /** Scratch space for logs and data dirs ({@code itests/target/itests-work}). */
    public static Path workDir() {
        Path dir = Paths.get(System.getProperty("gost4j.itests.work", "target/itests-work")).toAbsolutePath();
        try {
            return Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
