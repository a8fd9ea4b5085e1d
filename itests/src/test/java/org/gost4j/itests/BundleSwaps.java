package org.gost4j.itests;

import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;

/** What the hot-swap tests share: a private installation, a "new version" of a bundle jar, lost pings. */
final class BundleSwaps {

    private static final String MARKER = "hotswap.txt";
    static final int PINGS = 250;
    static final int UPDATES = 5;
    /** The management MBean with the operation {@code updateBundle(name, url)}. */
    static final String BUNDLES_MBEAN = "gost4j:type=framework,name=bundles";

    private BundleSwaps() {
    }

    /** A private copy of the distribution under {@code parent}, so changing its deploy/ touches no other test. */
    static Path copyDistribution(Path parent) throws IOException {
        Path source = TestEnv.home();
        Path target = parent.resolve("gost4j-home");
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

    /** The same bundle with one more entry: different bytes, so FileInstall (and a checksum) sees a new jar. */
    static void newVersionOf(Path jar, Path target) throws IOException {
        try (ZipFile in = new ZipFile(jar.toFile()); OutputStream file = Files.newOutputStream(target);
                ZipOutputStream out = new ZipOutputStream(file)) {
            Enumeration<? extends ZipEntry> entries = in.entries();
            while (entries.hasMoreElements()) {
                ZipEntry entry = entries.nextElement();
                if (entry.getName().equals(MARKER)) {
                    continue; // a previous new version's
                }
                out.putNextEntry(new ZipEntry(entry.getName()));
                try (InputStream data = in.getInputStream(entry)) {
                    data.transferTo(out);
                }
                out.closeEntry();
            }
            out.putNextEntry(new ZipEntry(MARKER));
            out.write(("replaced at " + System.nanoTime()).getBytes(StandardCharsets.UTF_8));
            out.closeEntry();
        }
    }

    /** The same bundle importing a package nobody exports: it cannot resolve. */
    static void unresolvableVersionOf(Path jar, Path target) throws IOException {
        try (JarFile in = new JarFile(jar.toFile());
                OutputStream file = Files.newOutputStream(target)) {
            Manifest manifest = new Manifest(in.getManifest());
            Attributes main = manifest.getMainAttributes();
            String imports = main.getValue("Import-Package");
            main.putValue("Import-Package", (imports == null ? "" : imports + ",") + "org.gost4j.nonexistent");
            try (JarOutputStream out = new JarOutputStream(file, manifest)) {
                Enumeration<JarEntry> entries = in.entries();
                while (entries.hasMoreElements()) {
                    ZipEntry entry = entries.nextElement();
                    if (entry.getName().equals("META-INF/MANIFEST.MF")) {
                        continue;
                    }
                    out.putNextEntry(new ZipEntry(entry.getName()));
                    try (InputStream data = in.getInputStream(entry)) {
                        data.transferTo(out);
                    }
                    out.closeEntry();
                }
            }
        }
    }

    /** Replaces {@code deployed} by a new version of itself in one rename, as an operator's copy would. */
    static void replaceInPlace(Path deployed) throws IOException {
        Path replacement = deployed.resolveSibling("." + deployed.getFileName() + ".new");
        newVersionOf(deployed, replacement);
        Files.move(replacement, deployed, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    /** Transmitted and received of a finished {@code ping -q}, from its log. */
    static int[] pingCounts(Process ping, Path log) throws Exception {
        assertTrue("ping did not end", ping.waitFor(60, TimeUnit.SECONDS));
        String summary = Files.readString(log, StandardCharsets.UTF_8);
        Matcher m = Pattern.compile("(\\d+) packets transmitted, (\\d+) received").matcher(summary);
        assertTrue(summary, m.find());
        return new int[] {Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2))};
    }

    /** What a test does while pings cross the tunnel. */
    interface Action {
        void run() throws Exception;
    }

    /**
     * Pings {@code target} from {@code side} every 10 ms ({@value #PINGS} pings) and runs {@code action} 300 ms into
     * it. @return pings lost
     */
    static int lostWhile(Netns lab, String side, String target, String name, Action action) throws Exception {
        Path log = lab.workDir().resolve("ping-" + name + ".log");
        Process ping = lab.spawn(side, log, java.util.Map.of(), "ping", "-n", "-q", "-c", String.valueOf(PINGS), "-i",
                "0.01", "-W", "1", target);
        Netns.sleep(300);
        action.run();
        return lostPings(ping, log);
    }

    /**
     * Updates {@code gost4j-<bundle>} of the installation {@code home} {@value #UPDATES} times through the
     * operation, each time from a new jar while {@code from} pings {@code target}; after each {@code target} must
     * still be reachable (a client without keepalive too). Reports the losses as a metric. @return pings lost per
     * update
     */
    static List<Integer> updateFiveTimes(Netns lab, Jolokia jolokia, Path home, String bundle, String from,
            String target) throws Exception {
        Path jar = home.resolve("bundle").resolve("gost4j-" + bundle + "-" + TestEnv.version() + ".jar");
        String symbolicName = "org.gost4j." + bundle.replace('-', '.');
        List<Integer> perUpdate = new ArrayList<>();
        for (int update = 1; update <= UPDATES; update++) {
            Path fresh = lab.workDir().resolve(bundle + "-" + update + ".jar");
            newVersionOf(jar, fresh);
            perUpdate.add(lostWhile(lab, from, target, bundle + "-" + update, () -> {
                String answer = jolokia.exec(BUNDLES_MBEAN, "updateBundle", symbolicName, fresh.toUri().toString())
                        .body().replace("\\/", "/");
                assertTrue(answer, answer.contains("\"status\":200") && answer.contains(symbolicName + " updated from"));
            }));
            assertTrue("no echo reply from " + target + " within 3 s after update " + update + " of " + bundle,
                    lab.ping(from, target, Duration.ofSeconds(3)));
        }
        NetnsTestSupport.metric("pings lost per updateBundle of " + bundle + " (" + PINGS + " pings at 10 ms each)",
                perUpdate);
        return perUpdate;
    }

    static int lostPings(Process ping, Path log) throws Exception {
        int[] counts = pingCounts(ping, log);
        return counts[0] - counts[1];
    }
}
