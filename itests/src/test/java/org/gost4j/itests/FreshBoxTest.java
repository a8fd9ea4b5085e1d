package org.gost4j.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.BeforeClass;
import org.junit.Test;

/**
 * The README's two commands on a machine that lacks a tool: {@code ./demo.sh} and {@code mvn -B verify} run with
 * a PATH from which some tools are hidden (a folder of links to everything else on the PATH) and must name the
 * missing tool and its Debian package in one line, and {@code ./demo.sh --no-build} must run the demo where the
 * build tools are missing but not needed.
 */
public class FreshBoxTest {

    private static final long TIMEOUT_SECONDS = 120;

    @BeforeClass
    public static void requirements() {
        TestEnv.requireRootAnd("ip", "ping", "mvn");
    }

    @Test(timeout = 180_000)
    public void demoNamesTheMissingPingAndExitsTwo() throws Exception {
        Run run = run(hiding("ping"), "./demo.sh", "--no-install");
        assertEquals(run.toString(), 2, run.exitCode);
        assertTrue(run.toString(), run.output.contains("missing ping"));
        assertTrue(run.toString(), run.output.contains("apt-get install -y iputils-ping"));
    }

    @Test(timeout = 180_000)
    public void demoNamesTheMissingIpAndGcc() throws Exception {
        Run run = run(hiding("ip", "gcc"), "./demo.sh", "--no-install");
        assertEquals(run.toString(), 2, run.exitCode);
        assertTrue(run.toString(), run.output.contains("apt-get install -y gcc iproute2"));
    }

    @Test(timeout = 180_000)
    public void demoWithoutAptGetNamesThePackagesInsteadOfInstalling() throws Exception {
        Run run = run(hiding("ping", "apt-get"), "./demo.sh");
        assertEquals(run.toString(), 2, run.exitCode);
        assertTrue(run.toString(), run.output.contains("apt-get install -y iputils-ping"));
        assertFalse(run.toString(), run.output.contains("== installing"));
    }

    @Test(timeout = 180_000)
    public void demoRunsWithoutTheBuildToolsWhenNotBuilding() throws Exception {
        TestEnv.home();
        Run run = run(hiding("gcc", "mvn", "javac"), "./demo.sh", "--no-build");
        assertEquals(run.toString(), 0, run.exitCode);
        assertTrue(run.toString(), run.output.contains("== demo OK"));
    }

    @Test(timeout = 180_000)
    public void mavenNamesWhatTheTestsLackInOneLine() throws Exception {
        Run run = run(hiding("ping", "iperf3"), "mvn", "-B", "-o", "-N", "validate");
        assertEquals(run.toString(), 1, run.exitCode);
        assertTrue(run.toString(), run.output.contains(
                "gost4j: missing ping, iperf3 (needed for: build test); install them: apt-get install -y iputils-ping iperf3"));
    }

    @Test(timeout = 180_000)
    public void mavenNeedsOnlyTheBuildToolsWhenTestsAreSkipped() throws Exception {
        Run run = run(hiding("ping", "iperf3"), "mvn", "-B", "-o", "-N", "-DskipTests", "validate");
        assertEquals(run.toString(), 0, run.exitCode);
    }

    private record Run(int exitCode, String output) {
        @Override
        public String toString() {
            return "exit " + exitCode + ":\n" + output;
        }
    }

    /** Runs a command in the repository root with that PATH, CI unset (as a user would), output merged. */
    private static Run run(Path path, String... command) throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(command).directory(TestEnv.root().toFile()).redirectErrorStream(true);
        builder.environment().put("PATH", path.toString());
        builder.environment().remove("CI");
        builder.environment().remove("MAVEN_OPTS");
        Path log = Files.createTempFile(TestEnv.workDir(), "fresh-box-", ".log");
        builder.redirectOutput(log.toFile());
        Process process = builder.start();
        if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
            process.waitFor();
        }
        return new Run(process.exitValue(), Files.readString(log, StandardCharsets.UTF_8));
    }

    /** A folder of links to every executable on this PATH except the hidden names: a machine without them. */
    private static Path hiding(String... hidden) throws IOException {
        Set<String> skip = Set.of(hidden);
        Path dir = Files.createTempDirectory(TestEnv.workDir(), "path-");
        List<String> entries = new ArrayList<>(List.of(System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)));
        // the JDK and Maven of this run, wherever they are, unless hidden too
        entries.add(Path.of(System.getProperty("java.home"), "bin").toString());
        for (String entry : entries) {
            Path folder = Path.of(entry.isEmpty() ? "." : entry);
            if (!Files.isDirectory(folder)) {
                continue;
            }
            try (Stream<Path> files = Files.list(folder)) {
                for (Path file : (Iterable<Path>) files::iterator) {
                    String name = file.getFileName().toString();
                    Path link = dir.resolve(name);
                    if (skip.contains(name) || Files.exists(link, java.nio.file.LinkOption.NOFOLLOW_LINKS)
                            || !Files.isExecutable(file) || Files.isDirectory(file)) {
                        continue;
                    }
                    Files.createSymbolicLink(link, file.toAbsolutePath());
                }
            }
        }
        return dir;
    }
}
