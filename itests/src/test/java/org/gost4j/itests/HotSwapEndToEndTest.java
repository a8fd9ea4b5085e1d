package org.gost4j.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Enumeration;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;

import org.junit.Test;

/**
 * Hot deployment under traffic: the server runs from a copy of the distribution whose management bundle sits in
 * {@code deploy/} instead of {@code bundle/}. While a ping flood crosses the tunnel, the jar is replaced by a new
 * one (FileInstall updates the bundle), and then deleted (FileInstall uninstalls it). No ping may be lost and the
 * tunnel must stay up.
 *
 * <p>The issue asks for the router bundle; it does not exist on this branch yet, so the management bundle (which,
 * like a router, is a non-tunnel bundle) is swapped. Switch to the router bundle once it is merged.
 */
public class HotSwapEndToEndTest extends NetnsTestSupport {

    private static final String JAR = "gost4j-management-" + TestEnv.version() + ".jar";
    private static final int FLOOD_PINGS = 800;

    @Override
    protected String[] requiredCommands() {
        return new String[] {"curl"};
    }

    @Test(timeout = 150_000)
    public void replacingAndRemovingABundleLosesNoPacket() throws Exception {
        Path home = copyDistribution();
        Path deployed = home.resolve("deploy").resolve(JAR);
        Files.move(home.resolve("bundle").resolve(JAR), deployed);

        Appliance server = appliance(home, SRV, "tun0", "-L", SERVER_URL);
        appliance(CLI, "-L", CLIENT_URL);
        assertPing(CLI, SRV_TUN_IP, Duration.ofSeconds(10));
        Jolokia jolokia = new Jolokia(lab, SRV, home);
        jolokia.awaitUp(Duration.ofSeconds(20)); // the deployed bundle is running

        Path floodLog = lab.workDir().resolve("flood.log");
        Process flood = lab.spawn(CLI, floodLog, Map.of(), "ping", "-n", "-q", "-c", String.valueOf(FLOOD_PINGS),
                "-i", "0.01", "-W", "2", SRV_TUN_IP);
        Netns.sleep(1000);

        long t0 = System.nanoTime();
        Path replacement = lab.workDir().resolve("replacement.jar");
        newVersionOf(deployed, replacement);
        Files.move(replacement, deployed, StandardCopyOption.REPLACE_EXISTING);
        awaitLog(server, "Jolokia endpoint stopped", 1, Duration.ofSeconds(15));
        awaitLog(server, "Jolokia endpoint on ", 2, Duration.ofSeconds(15));
        metric("bundle update through deploy/ (jar replaced to endpoint back)",
                (System.nanoTime() - t0) / 1_000_000 + " ms");
        assertEquals(200, jolokia.get("read/gost4j:type=service,name=service-0/State").status());

        Files.delete(deployed);
        awaitLog(server, "Jolokia endpoint stopped", 2, Duration.ofSeconds(15));

        assertTrue("ping flood did not end", flood.waitFor(60, java.util.concurrent.TimeUnit.SECONDS));
        String summary = Files.readString(floodLog, StandardCharsets.UTF_8);
        Matcher m = Pattern.compile("(\\d+) packets transmitted, (\\d+) received").matcher(summary);
        assertTrue(summary, m.find());
        int lost = Integer.parseInt(m.group(1)) - Integer.parseInt(m.group(2));
        metric("pings lost while the bundle was updated and uninstalled", lost + " of " + m.group(1));
        assertEquals("pings lost during the hot swap: " + summary, 0, lost);
        assertAlive(server);
        assertTrue(lab.isUp(SRV, "tun0"));
        assertEquals(0, jolokia.get("version").status()); // the endpoint left with its bundle
    }

    /** A private copy, so that changing its deploy/ folder touches no other test's appliance. */
    private Path copyDistribution() throws IOException {
        Path source = TestEnv.home();
        Path target = lab.workDir().resolve("gost4j-home");
        try (Stream<Path> files = Files.walk(source)) {
            for (Path file : (Iterable<Path>) files::iterator) {
                Path copy = target.resolve(source.relativize(file).toString());
                if (Files.isDirectory(file)) {
                    Files.createDirectories(copy);
                } else {
                    Files.copy(file, copy, StandardCopyOption.COPY_ATTRIBUTES);
                }
            }
        }
        return target;
    }

    /** The same bundle with one more entry: different bytes, so FileInstall sees a new jar. */
    private static void newVersionOf(Path jar, Path target) throws IOException {
        try (ZipFile in = new ZipFile(jar.toFile()); OutputStream file = Files.newOutputStream(target);
                ZipOutputStream out = new ZipOutputStream(file)) {
            Enumeration<? extends ZipEntry> entries = in.entries();
            while (entries.hasMoreElements()) {
                ZipEntry entry = entries.nextElement();
                out.putNextEntry(new ZipEntry(entry.getName()));
                try (InputStream data = in.getInputStream(entry)) {
                    data.transferTo(out);
                }
                out.closeEntry();
            }
            out.putNextEntry(new ZipEntry("hotswap.txt"));
            out.write(("replaced at " + System.nanoTime()).getBytes(StandardCharsets.UTF_8));
            out.closeEntry();
        }
    }

    private static void awaitLog(Appliance appliance, String text, int times, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (count(appliance.log(), text) < times) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("'" + text + "' not logged " + times + " times within " + timeout + "\n"
                        + appliance.logTail(60));
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

}
