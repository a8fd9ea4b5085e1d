package org.gost4j.transport.udp.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.gost4j.support.io.JniLibraries;
import org.junit.Test;

/**
 * With its JNI library the bundle loads no JNA class (JNA's first use costs a start tens of milliseconds and
 * leaves a thread and an extracted library behind), from the component's start through sockets opened, used and
 * closed: {@link NoJnaProbe} runs in a fresh JVM that logs every class it loads. With {@code -Dgost4j.jni=false}
 * the same run goes through JNA, which the log shows (so the check sees JNA when it is there).
 */
public class NoJnaWithJniTest {

    @Test(timeout = 60_000)
    public void withTheJniLibraryNoJnaClassLoads() throws Exception {
        List<String> jna = jnaClassesLoaded(true);
        assertEquals("JNA classes loaded with the JNI library: " + jna, List.of(), jna);
    }

    @Test(timeout = 60_000)
    public void withoutItTheSameRunGoesThroughJna() throws Exception {
        assertTrue(jnaClassesLoaded(false).contains("com.sun.jna.Native"));
    }

    /** Runs the probe, which must succeed, and returns the JNA classes its JVM loaded. */
    private static List<String> jnaClassesLoaded(boolean jni) throws IOException, InterruptedException {
        Path classLog = Files.createTempFile("gost4j-udp-classes-", ".txt");
        Path output = Files.createTempFile("gost4j-udp-probe-", ".txt");
        try {
            List<String> command = new ArrayList<>(List.of(
                    Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-Xlog:class+load=info:file=" + classLog,
                    "-Djava.library.path=" + System.getProperty("java.library.path"),
                    "-D" + JniLibraries.ENABLED_PROPERTY + "=" + jni,
                    "-cp", System.getProperty("java.class.path"),
                    NoJnaProbe.class.getName()));
            Process probe = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output.toFile())
                    .start();
            if (!probe.waitFor(45, TimeUnit.SECONDS)) {
                probe.destroyForcibly();
                throw new AssertionError("the probe did not finish in 45 s: " + Files.readString(output));
            }
            String said = Files.readString(output);
            assertEquals(said, 0, probe.exitValue());
            assertTrue(said, said.contains("probe: ok, calls through " + (jni ? "JNI" : "JNA")));
            assertTrue(said, said.contains("Address already in use"));
            List<String> jna = new ArrayList<>();
            for (String line : Files.readAllLines(classLog)) {
                int at = line.indexOf(" com.sun.jna.");
                if (at >= 0) {
                    jna.add(line.substring(at + 1).split(" ")[0]);
                }
            }
            return jna;
        } finally {
            Files.deleteIfExists(classLog);
            Files.deleteIfExists(output);
        }
    }
}
