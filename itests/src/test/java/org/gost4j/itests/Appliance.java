package org.gost4j.itests;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One {@code bin/gost4j} process running inside a namespace of a {@link Netns}, with its own
 * {@code GOST4J_DATA} directory and a log file (stdout and stderr).
 */
public final class Appliance implements AutoCloseable {

    private static final Pattern DEVICE_NAME = Pattern.compile("[?&]name=([^&]+)");
    /** The listen port of a {@code tun://[host]:port[/remote][?options]} URL. */
    private static final Pattern LISTEN_PORT = Pattern.compile("^[a-z]+://[^/?]*:(\\d+)(?:[/?]|$)");

    private final Netns lab;
    private final String side;
    private final String device;
    private final int listenPort;
    private final Path log;
    private final Process process;
    private final long startedNanos;
    private volatile Duration startupTime;
    private volatile Integer exitCode;
    private volatile boolean stoppedCleanly;

    private Appliance(Netns lab, String side, String device, int listenPort, Path log, Process process,
            long startedNanos) {
        this.lab = lab;
        this.side = side;
        this.device = device;
        this.listenPort = listenPort;
        this.log = log;
        this.process = process;
        this.startedNanos = startedNanos;
    }

    /**
     * Starts {@code bin/gost4j args...} in the side's namespace and waits (15 s at most) until the device named
     * by the first {@code name=} URL option exists and is UP there, and, if that URL has a fixed listen port
     * (a server), until a UDP socket is bound to it: the device may come up before the socket is bound, and a
     * bare peer such as socat quits on the ICMP port unreachable it would get in between.
     */
    public static Appliance start(Netns lab, String side, String... args) {
        String device = null;
        for (String a : args) {
            Matcher m = DEVICE_NAME.matcher(a);
            if (m.find()) {
                device = m.group(1);
                break;
            }
        }
        if (device == null) {
            throw new IllegalArgumentException("no name= option in " + Arrays.toString(args));
        }
        return start(lab, side, device, Duration.ofSeconds(15), args);
    }

    public static Appliance start(Netns lab, String side, String device, Duration upTimeout, String... args) {
        return start(TestEnv.home(), lab, side, device, upTimeout, args);
    }

    /** As above, from another installation (e.g. a copy whose deploy/ or config/ a test changes). */
    public static Appliance start(Path home, Netns lab, String side, String device, Duration upTimeout,
            String... args) {
        Path dir;
        try {
            dir = Files.createTempDirectory(lab.workDir(), "gost4j-" + side + "-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Path data = dir.resolve("data");
        Path log = dir.resolve("gost4j.log");
        List<String> cmd = new ArrayList<>();
        cmd.add(home.resolve("bin/gost4j").toString());
        cmd.addAll(Arrays.asList(args));
        long t0 = System.nanoTime();
        Process p = lab.spawn(side, log, Map.of("GOST4J_DATA", data.toString()), cmd.toArray(String[]::new));
        int port = 0;
        for (String a : args) {
            Matcher m = LISTEN_PORT.matcher(a);
            if (m.find()) {
                port = Integer.parseInt(m.group(1));
                break;
            }
        }
        Appliance a = new Appliance(lab, side, device, port, log, p, t0);
        a.awaitDevice(upTimeout);
        return a;
    }

    private void awaitDevice(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            if (lab.isUp(side, device) && (listenPort == 0 || udpBound())) {
                startupTime = Duration.ofNanos(System.nanoTime() - startedNanos);
                return;
            }
            if (!process.isAlive()) {
                throw new AssertionError("gost4j in " + side + " exited with " + process.exitValue()
                        + " before device " + device + " came up\n" + logTail(60));
            }
            if (System.nanoTime() > deadline) {
                String link = lab.link(side, device);
                throw new AssertionError("device " + device + " not UP in " + side + " within " + timeout
                        + " (ip link: " + (link == null ? "absent" : link.strip()) + ")"
                        + (listenPort == 0 ? "" : " or UDP port " + listenPort + (udpBound() ? "" : " not") + " bound")
                        + "\n" + logTail(60));
            }
            Netns.sleep(50);
        }
    }

    private boolean udpBound() {
        Netns.Result r = lab.exec(side, Duration.ofSeconds(5), "ss", "-H", "-u", "-l", "-n",
                "sport = :" + listenPort);
        return r.ok() && !r.output().isBlank();
    }

    /** Time from launching the process until its device was UP (and a server's UDP port bound). */
    public Duration startupTime() {
        return startupTime;
    }

    /** Nanosecond timestamp ({@link System#nanoTime()}) of the launch. */
    public long startedNanos() {
        return startedNanos;
    }

    public String device() {
        return device;
    }

    public String side() {
        return side;
    }

    public long pid() {
        return process.pid();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    public Path logFile() {
        return log;
    }

    public String log() {
        try {
            return Files.readString(log, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "(no log: " + e + ")";
        }
    }

    /** Waits until the log holds {@code text} at least {@code times} times; fails with the log's tail otherwise. */
    public void awaitLog(String text, int times, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (count(log(), text) < times) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("'" + text + "' not logged " + times + " times within " + timeout + "\n"
                        + logTail(60));
            }
            Netns.sleep(100);
        }
    }

    private static int count(String log, String text) {
        int n = 0;
        for (int i = log.indexOf(text); i >= 0; i = log.indexOf(text, i + 1)) {
            n++;
        }
        return n;
    }

    /** The last lines of the log, headed by where the whole log is. */
    public String logTail(int lines) {
        List<String> all = Arrays.asList(log().split("\n"));
        List<String> tail = all.subList(Math.max(0, all.size() - lines), all.size());
        return "---- gost4j log (" + side + ", " + log + ", last " + tail.size() + " of " + all.size()
                + " lines) ----\n" + String.join("\n", tail) + "\n---- end of log ----";
    }

    public void printLog(PrintStream out, int lines) {
        out.println(logTail(lines));
    }

    /**
     * SIGTERM by PID, then SIGKILL if the process has not exited after {@code grace}.
     *
     * @return true if it exited on SIGTERM within the grace period
     */
    public boolean stop(Duration grace) {
        if (exitCode == null) {
            stoppedCleanly = Netns.terminate(process, grace);
            try {
                exitCode = process.waitFor();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        return stoppedCleanly;
    }

    /** Exit code after {@link #stop}, else null. */
    public Integer exitCode() {
        return exitCode;
    }

    @Override
    public void close() {
        stop(Duration.ofSeconds(10));
    }

    @Override
    public String toString() {
        return "gost4j[" + side + ", pid " + process.pid() + ", " + device + "]";
    }
}
