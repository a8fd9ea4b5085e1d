package org.gost4j.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.After;
import org.junit.Before;
import org.junit.Rule;
import org.junit.rules.TestName;
import org.junit.rules.TestWatcher;
import org.junit.runner.Description;

/**
 * Base of the end-to-end tests: a fresh two-namespace topology per test ({@code srv} 10.200.0.1 and
 * {@code cli} 10.200.0.2; a test may add sides, see {@link #sides()}), helpers to start appliances and socat peers in it, and on failure the logs of
 * everything that was started. Everything is stopped by PID and the namespaces deleted after each test.
 */
public abstract class NetnsTestSupport {

    protected static final String SRV = "srv";
    protected static final String CLI = "cli";
    protected static final String SRV_TUN_IP = "192.168.123.1";
    protected static final String CLI_TUN_IP = "192.168.123.2";
    protected static final int PORT = 8421;
    protected static final String SERVER_URL = "tun://:" + PORT + "?net=" + SRV_TUN_IP + "/24&name=tun0";
    protected static final String CLIENT_URL =
            "tun://:0/10.200.0.1:" + PORT + "?net=" + CLI_TUN_IP + "/24&name=tun0";

    protected Netns lab;
    private final List<Appliance> appliances = new CopyOnWriteArrayList<>();
    private final List<Path> otherLogs = new CopyOnWriteArrayList<>();

    @Rule
    public final TestName testName = new TestName();

    @Rule
    public final TestWatcher dumpLogsOnFailure = new TestWatcher() {
        @Override
        protected void failed(Throwable e, Description d) {
            System.out.println("==== " + d.getDisplayName() + " failed; logs of what it started:");
            for (Appliance a : appliances) {
                a.printLog(System.out, 150);
            }
            for (Path p : otherLogs) {
                System.out.println("---- " + p + " ----");
                try {
                    List<String> lines = Files.readAllLines(p);
                    lines.subList(Math.max(0, lines.size() - 60), lines.size()).forEach(System.out::println);
                } catch (Exception ex) {
                    System.out.println("(unreadable: " + ex + ")");
                }
            }
        }
    };

    /** Commands the test needs besides {@code ip} and {@code ping}. */
    protected String[] requiredCommands() {
        return new String[] {"socat"};
    }

    /** The namespaces of the topology, the hub first (see {@link Netns#create}). */
    protected String[] sides() {
        return new String[] {SRV, CLI};
    }

    /** Whether the test needs bin/gost4j. */
    protected boolean needsDistribution() {
        return true;
    }

    @Before
    public final void createTopology() {
        List<String> cmds = new ArrayList<>(List.of("ip", "ping"));
        cmds.addAll(List.of(requiredCommands()));
        TestEnv.requireRootAnd(cmds.toArray(String[]::new));
        if (needsDistribution()) {
            TestEnv.home(); // fail early and clearly if the distribution was not built
        }
        lab = Netns.create(sides());
        System.out.println("[" + getClass().getSimpleName() + "." + testName.getMethodName() + "] " + lab
                + ", logs in " + lab.workDir());
    }

    @After
    public final void destroyTopology() {
        for (Appliance a : appliances) {
            a.stop(Duration.ofSeconds(10));
        }
        if (lab != null) {
            lab.close();
        }
    }

    /** Starts {@code bin/gost4j args} in a side and waits for its device; stopped after the test. */
    protected Appliance appliance(String side, String... args) {
        Appliance a = Appliance.start(lab, side, args); // its failure message carries the log tail
        appliances.add(a);
        metric(side + " appliance start-up (launch to device UP)", a.startupTime().toMillis() + " ms");
        return a;
    }

    /** Stops every appliance started so far (their logs stay available for a failure report). */
    protected void stopAll() {
        for (Appliance a : appliances) {
            a.stop(Duration.ofSeconds(10));
        }
    }

    /**
     * Starts a tunnel client whose datagrams go through a chain ({@code -F}) in a side: its device comes up only
     * once the chain's first session is up (or after the chain's 10 s wait), so it gets 40 s on a busy machine.
     */
    protected Appliance chainedClient(String side, String device, String... args) {
        return appliance(TestEnv.home(), side, device, Duration.ofSeconds(40), args);
    }

    /** Starts {@code <home>/bin/gost4j args} in a side and waits for {@code device}; stopped after the test. */
    protected Appliance appliance(Path home, String side, String device, String... args) {
        return appliance(home, side, device, Duration.ofSeconds(20), args);
    }

    /** As above, waiting up to {@code upTimeout} for the device. */
    protected Appliance appliance(Path home, String side, String device, Duration upTimeout, String... args) {
        Appliance a = Appliance.start(home, lab, side, device, upTimeout, args);
        appliances.add(a);
        metric(side + " appliance start-up (launch to device UP)", a.startupTime().toMillis() + " ms");
        return a;
    }

    /**
     * A TUN server from {@code home} whose auther knows the client, and that client (without keepalive, so it is
     * reachable only while the server keeps its registration) pinging it: the hot-swap tests' set-up.
     */
    protected Appliance tunServerWithAutherAndItsClient(Path home) {
        Appliance server = appliance(home, SRV, "tun0", "-L",
                "tun://" + CLI_TUN_IP + ":pw12345@:" + PORT + "?net=" + SRV_TUN_IP + "/24&name=tun0");
        appliance(CLI, "-L", CLIENT_URL + "&passphrase=pw12345");
        assertPing(CLI, SRV_TUN_IP, Duration.ofSeconds(10));
        return server;
    }

    /** Starts socat with the given addresses in a side ({@code -d -d}, log kept); stopped after the test. */
    protected Process socat(String side, String... addresses) {
        Path log = lab.workDir().resolve("socat-" + side + "-" + otherLogs.size() + ".log");
        otherLogs.add(log);
        List<String> cmd = new ArrayList<>(List.of("socat", "-d", "-d"));
        cmd.addAll(List.of(addresses));
        return lab.spawn(side, log, Map.of(), cmd.toArray(String[]::new));
    }

    /** Waits until something in the side listens on UDP {@code port}; fails after 10 s. */
    protected void awaitUdpPort(String side, int port) {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (lab.exec(side, Duration.ofSeconds(5), "ss", "-Hlun", "sport = :" + port).output().isBlank()) {
            assertTrue("nothing listens on udp " + port + " in " + side, System.nanoTime() < deadline);
            Netns.sleep(100);
        }
    }

    protected void awaitDeviceUp(String side, String device, Process owner) {
        if (!lab.awaitUp(side, device, Duration.ofSeconds(10))) {
            fail(device + " not UP in " + side + " within 10 s (owner " + (owner.isAlive() ? "alive" : "exited "
                    + owner.exitValue()) + ")");
        }
    }

    /** Pings until the first echo reply, at most {@code within}; fails with a clear message otherwise. */
    protected Duration assertPing(String fromSide, String target, Duration within) {
        long t0 = System.nanoTime();
        boolean ok = lab.ping(fromSide, target, within);
        Duration took = Duration.ofNanos(System.nanoTime() - t0);
        assertTrue("no echo reply from " + target + " (pinging from " + fromSide + ") within " + within, ok);
        return took;
    }

    /** Sends {@code count} echo requests quickly and returns the loss in percent. */
    protected int pingLoss(String fromSide, String target, int count) {
        Netns.Result r = lab.exec(fromSide, Duration.ofSeconds(30), "ping", "-n", "-q", "-c",
                String.valueOf(count), "-i", "0.02", "-W", "1", target);
        Matcher m = Pattern.compile("(\\d+(?:\\.\\d+)?)% packet loss").matcher(r.output());
        assertTrue("unexpected ping output: " + r, m.find());
        return (int) Math.round(Double.parseDouble(m.group(1)));
    }

    protected void assertAlive(Appliance a) {
        assertTrue(a + " died:\n" + a.logTail(80), a.isAlive());
    }

    /** Starts an iperf3 server on the server side's tunnel address, port 5201. */
    protected void startIperfServer() {
        lab.spawn(SRV, lab.workDir().resolve("iperf3-server.log"), Map.of(),
                "iperf3", "-s", "-B", SRV_TUN_IP, "-p", "5201");
    }

    /** {@link #iperf(String, String, boolean)} from the client to the server's tunnel IP. */
    protected double iperf(boolean reverse) {
        return iperf(CLI, SRV_TUN_IP, reverse);
    }

    /** Runs a 4 s iperf3 TCP test (retrying while the server is not yet listening); returns Mbit/s received. */
    protected double iperf(String side, String server, boolean reverse) {
        List<String> command = new ArrayList<>(List.of("iperf3", "-c", server, "-p", "5201", "-t", "4", "-J",
                "--connect-timeout", "3000"));
        if (reverse) {
            command.add("-R");
        }
        Netns.Result r = null;
        for (int attempt = 0; attempt < 10; attempt++) {
            r = lab.exec(side, Duration.ofSeconds(30), command.toArray(String[]::new));
            if (!r.output().contains("Connection refused")) { // iperf3 -J exits 0 even then
                break;
            }
            Netns.sleep(300);
        }
        Matcher m = Pattern.compile("\"sum_received\"\\s*:\\s*\\{[^}]*?\"bits_per_second\"\\s*:\\s*([0-9.eE+-]+)")
                .matcher(r.output());
        if (!r.ok() || !m.find()) {
            fail("iperf3 " + (reverse ? "-R " : "") + "failed: " + r);
        }
        return Double.parseDouble(m.group(1)) / 1e6;
    }

    /**
     * Sends {@code megabytes} of random bytes over one TCP connection from {@code fromSide} to {@code toSide}
     * (listening on {@code toIp}) with socat and asserts they arrived byte for byte. Throughput figures cannot
     * see corrupted payloads; this can (e.g. coalesced segments whose checksum the kernel does not check again).
     */
    protected void assertTransferIntact(String fromSide, String toSide, String toIp, int megabytes) {
        Path sent = lab.workDir().resolve("sent-" + fromSide + ".bin");
        Path received = lab.workDir().resolve("received-" + toSide + ".bin");
        try {
            Files.deleteIfExists(received);
            byte[] block = new byte[1 << 20];
            Random random = new Random(megabytes);
            try (var out = Files.newOutputStream(sent)) {
                for (int i = 0; i < megabytes; i++) {
                    random.nextBytes(block);
                    out.write(block);
                }
            }
            Process sink = lab.spawn(toSide, lab.workDir().resolve("sink-" + toSide + ".log"), Map.of(),
                    "socat", "-u", "TCP-LISTEN:5301,bind=" + toIp + ",reuseaddr", "CREATE:" + received);
            Netns.Result r = null;
            for (int attempt = 0; attempt < 20; attempt++) {
                r = lab.exec(fromSide, Duration.ofSeconds(60), "socat", "-u", "FILE:" + sent, "TCP:" + toIp + ":5301");
                if (r.ok()) {
                    break;
                }
                Netns.sleep(200); // the sink may not listen yet
            }
            assertTrue("sending failed: " + r, r.ok());
            assertTrue("the receiving socat did not finish", sink.waitFor(30, TimeUnit.SECONDS));
            long mismatch = Files.mismatch(sent, received);
            assertEquals(megabytes + " MB " + fromSide + " -> " + toSide + ": first differing byte at " + mismatch
                    + " (received " + Files.size(received) + " bytes)", -1L, mismatch);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    /** Writes {@code text} to a file of that name in the lab's work directory (a YAML file, say); returns its path. */
    protected Path write(String name, String text) {
        try {
            return Files.writeString(lab.workDir().resolve(name), text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The interface index of a device in a side: a recreated device gets a new one. */
    protected String ifindex(String side, String device) {
        String link = lab.link(side, device);
        assertTrue(device + " missing in " + side, link != null);
        return link.substring(0, link.indexOf(':'));
    }

    protected static void metric(String what, Object value) {
        System.out.println("[metric] " + what + ": " + value);
    }
}
