package org.gost4j.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.regex.Pattern;

import org.junit.Test;

/**
 * The launcher's command-line contract: {@code -h} prints usage and {@code -V} the version and exit 0, {@code -D}
 * and the file's {@code log} section set up logging, a bad URL or option exits 2. Run
 * inside a namespace so that a launcher that wrongly accepted the arguments could not touch the host's
 * interfaces.
 */
public class LauncherCliTest extends NetnsTestSupport {

    @Override
    protected String[] requiredCommands() {
        return new String[] {"socat"};
    }

    private Netns.Result gost4j(String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(TestEnv.home().resolve("bin/gost4j").toString()));
        cmd.addAll(List.of(args));
        String data = Files.createTempDirectory(lab.workDir(), "cli-").toString();
        return lab.exec(SRV, Map.of("GOST4J_DATA", data), Duration.ofSeconds(30), cmd.toArray(String[]::new));
    }

    @Test(timeout = 60_000)
    public void helpPrintsUsageAndExitsZero() throws Exception {
        Netns.Result r = gost4j("-h");
        assertFalse("bin/gost4j -h did not exit within 30 s", r.timedOut());
        assertEquals("bin/gost4j -h: " + r, 0, r.exitCode());
        assertFalse("bin/gost4j -h printed nothing", r.output().isBlank());
    }

    /** Issue 18: GOST's -V, as {@code gost4j VERSION (java VERSION os/arch)}, the version from the build. */
    @Test(timeout = 60_000)
    public void versionPrintsTheBuildsVersionAndExitsZero() throws Exception {
        Netns.Result r = gost4j("-V");
        assertEquals("bin/gost4j -V: " + r, 0, r.exitCode());
        assertTrue(r.output(), r.output().strip().matches("gost4j " + Pattern.quote(TestEnv.version())
                + " \\(java " + Pattern.quote(System.getProperty("java.version")) + " linux/\\w+\\)"));
    }

    /**
     * {@code bin/gost4j} reached through a chain of symlinks elsewhere (one relative, as one put on the PATH) finds
     * its home and passes the appliance's JVM settings, the native heap trim where this JDK has it; also where
     * {@code readlink} knows no {@code -f} (a stand-in on the PATH refuses it, as older macOS's does).
     */
    @Test(timeout = 90_000)
    public void throughSymlinksItFindsItsHomeAndPassesTheJvmSettings() throws Exception {
        Path links = Files.createTempDirectory(lab.workDir(), "links-");
        Files.createSymbolicLink(links.resolve("gost4j"), TestEnv.home().resolve("bin/gost4j"));
        Path relative = Files.createSymbolicLink(links.resolve("g4"), Path.of("gost4j"));
        Path oldReadlink = Files.createDirectories(links.resolve("old-readlink")).resolve("readlink");
        Files.writeString(oldReadlink, "#!/bin/sh\n[ \"$1\" = -f ] && exit 1\nexec /usr/bin/readlink \"$@\"\n");
        assertTrue(oldReadlink.toFile().setExecutable(true));
        Runtime.Version jdk = Runtime.version();
        boolean trims = jdk.feature() == 17 ? jdk.update() >= 9 : jdk.feature() == 21 ? jdk.update() >= 1
                : jdk.feature() >= 22;
        for (String path : List.of(System.getenv("PATH"), oldReadlink.getParent() + ":" + System.getenv("PATH"))) {
            String data = Files.createTempDirectory(lab.workDir(), "cli-").toString();
            Netns.Result r = lab.exec(SRV, Map.of("GOST4J_DATA", data, "GOST4J_OPTS", "-XX:+PrintCommandLineFlags",
                    "PATH", path), Duration.ofSeconds(30), relative.toString(), "-V");
            assertEquals("PATH=" + path + ": " + r, 0, r.exitCode());
            assertTrue(r.output(), r.output().contains("gost4j " + TestEnv.version() + " (java "));
            assertTrue(r.output(), r.output().contains("-XX:+UseSerialGC"));
            assertEquals(r.output(), trims, r.output().contains("-XX:TrimNativeHeapInterval=30000"));
        }
    }

    /** Issue 18: GOST's -D turns on debug logging: gost4j's debug lines appear (never without it). */
    @Test(timeout = 90_000)
    public void debugLogsDebugLines() {
        Appliance debug = appliance(SRV, "-D", "-L", SERVER_URL);
        assertTrue(debug.logTail(60), awaitLine(debug::log,
                "\\S+ FINE +MBeanWhiteboard: MBean gost4j:type=service,name=service-0 registered"));
        debug.stop(Duration.ofSeconds(10));
        Appliance quiet = appliance(SRV, "-L", SERVER_URL);
        assertTrue(quiet.logTail(60), awaitLine(quiet::log, "\\S+ INFO +Appliance: gost4j started in .*"));
        assertFalse(quiet.logTail(60), quiet.log().contains(" FINE "));
    }

    /**
     * Issue 18: GOST's YAML {@code log: {level, format, output}}: JSON lines into a file, and {@code -D} over the
     * file's level as in GOST.
     */
    @Test(timeout = 90_000)
    public void theFilesLogSectionSendsJsonToAFileAndDashDRaisesItsLevel() throws Exception {
        Path logFile = lab.workDir().resolve("logs/gost4j.json");
        Path yaml = write("gost.yaml", """
                services:
                - name: tun-server
                  addr: :%d
                  handler: {type: tun}
                  listener: {type: tun, metadata: {net: %s/24, name: tun0}}
                log:
                  level: warn
                  format: json
                  output: %s
                """.formatted(PORT, SRV_TUN_IP, logFile));
        Appliance a = appliance(TestEnv.home(), SRV, "tun0", "-D", "-C", yaml.toString());
        assertTrue("no JSON debug line in " + logFile, awaitLine(() -> read(logFile),
                "\\{\"time\":\"[^\"]+\",\"level\":\"debug\",\"msg\":\"MBean gost4j:type=service,"
                        + "name=tun-server registered\",\"logger\":\"MBeanWhiteboard\"}"));
        assertTrue(read(logFile), awaitLine(() -> read(logFile),
                ".*\"level\":\"info\",\"msg\":\"tunnel tun-server up: .*"));
        assertFalse("log lines still on the console: " + a.logTail(20), a.log().contains("TunnelComponent"));
    }

    /** Polls the text until one of its lines matches, for up to 10 s. */
    private static boolean awaitLine(Supplier<String> text, String regex) {
        Pattern line = Pattern.compile(regex);
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        do {
            if (text.get().lines().anyMatch(l -> line.matcher(l).matches())) {
                return true;
            }
            Netns.sleep(200);
        } while (System.nanoTime() < deadline);
        return false;
    }

    private static String read(Path file) {
        try {
            return Files.exists(file) ? Files.readString(file) : "";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test(timeout = 60_000)
    public void badUrlExitsTwo() throws Exception {
        Netns.Result r = gost4j("-L", "tun://:notaport?name=tun0");
        assertFalse("bin/gost4j with a bad URL did not exit within 30 s", r.timedOut());
        assertEquals("bin/gost4j -L tun://:notaport: " + r, 2, r.exitCode());
    }

    /** Issue 17: the rule the tunnel applies, applied before the start; the message is the model's. */
    @Test(timeout = 60_000)
    public void aBufferSizeTheTunnelWouldRefuseExitsTwoWithItsMessage() throws Exception {
        assertRefusedInOneLine("option buffersize: '50' is not in 68..65535",
                "-L", "tun://:8421?net=10.0.0.1/24&buffersize=50");
    }

    /** Issue 16 item 8: what would leave the appliance running without its service is refused before the start. */
    @Test(timeout = 120_000)
    public void whatWouldFailOnceStartedExitsTwoInOneLine() throws Exception {
        assertRefusedInOneLine("gost4j: service-0: remote address 'no-such-host.invalid:8421': cannot resolve host"
                + " no-such-host.invalid", "-L", "tun://:0/no-such-host.invalid:8421?net=10.0.0.2/24");
        assertRefusedInOneLine("gost4j: service-1: certFile '/no/such/cert.pem': no such file", "-L",
                "tun://:8421?net=10.0.0.1/24", "-L", "relay+wss://:8443?certFile=/no/such/cert.pem&keyFile=/k.pem");
        Process holder = lab.spawn(SRV, lab.workDir().resolve("holder.log"), Map.of(), "socat", "-u",
                "UDP-RECV:8421", "OPEN:/dev/null");
        try {
            awaitUdpPort(SRV, 8421);
            assertRefusedInOneLine("gost4j: service-0: listen address udp :8421: port in use",
                    "-L", "tun://:8421?net=10.0.0.1/24");
        } finally {
            holder.destroy();
        }
    }

    /** Issue 16 item 9: -C on a device or a FIFO is refused at once, not read. */
    @Test(timeout = 60_000)
    public void aConfigFileThatIsNoRegularFileExitsTwoAtOnce() throws Exception {
        assertRefusedInOneLine("gost4j: /dev/zero: not a regular file", "-C", "/dev/zero");
        Path fifo = lab.workDir().resolve("gost4j.yaml");
        assertEquals(0, new ProcessBuilder("mkfifo", fifo.toString()).start().waitFor());
        assertRefusedInOneLine("gost4j: " + fifo + ": not a regular file", "-C", fifo.toString());
    }

    private void assertRefusedInOneLine(String expected, String... args) throws Exception {
        Netns.Result r = gost4j(args);
        assertFalse("bin/gost4j " + String.join(" ", args) + " did not exit within 30 s", r.timedOut());
        assertEquals("bin/gost4j " + String.join(" ", args) + ": " + r, 2, r.exitCode());
        String firstLine = r.output().strip().split("\\R")[0];
        assertTrue(r.output(), firstLine.contains(expected));
        assertFalse("a stack trace: " + r.output(), r.output().contains("\tat "));
    }

    @Test(timeout = 60_000)
    public void badOptionExitsTwo() throws Exception {
        Netns.Result r = gost4j("--no-such-option");
        assertFalse("bin/gost4j with a bad option did not exit within 30 s", r.timedOut());
        assertEquals("bin/gost4j --no-such-option: " + r, 2, r.exitCode());
    }
}
