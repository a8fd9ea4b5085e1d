package org.gost4j.device.linux.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.After;
import org.junit.Assume;
import org.junit.Before;
import org.junit.BeforeClass;
import org.junit.Test;

/**
 * With the JNI library there, a device's whole life ({@link DeviceLifeRun}, in a child JVM inside a throw-away
 * network namespace) loads no JNA class: JNA's first use costs a start 60–120 ms (libjnidispatch extracted and
 * loaded, {@code ldconfig -p} run) and keeps classes, a library and a thread in the process. With
 * {@code -Dgost4j.jni=false} the same life goes through JNA, which also shows the class-load log would see it.
 */
public class JnaFreeTest {

    private NetworkNamespace ns;
    private Path classLog;
    private Path output;

    @BeforeClass
    public static void requireRootTunAndJni() {
        Assume.assumeTrue("needs root", NetworkNamespace.Setns.geteuid() == 0);
        Assume.assumeTrue("needs /dev/net/tun", Files.exists(Path.of(TunFile.CLONE_DEVICE)));
        assertNull("the JNI library did not load: " + JniTunSyscalls.loadFailure(), JniTunSyscalls.loadFailure());
    }

    @Before
    public void createNamespace() throws Exception {
        ns = new NetworkNamespace("g4jnojna-" + ProcessHandle.current().pid());
        classLog = Files.createTempFile("gost4j-classes-", ".txt");
        output = Files.createTempFile("gost4j-output-", ".txt");
    }

    @After
    public void deleteNamespace() throws Exception {
        try {
            ns.close();
        } finally {
            Files.deleteIfExists(classLog);
            Files.deleteIfExists(output);
        }
    }

    @Test(timeout = 90_000)
    public void throughJniADeviceLivesWithoutLoadingJna() throws Exception {
        String classes = runDeviceLife();
        assertTrue("the log lists the device's classes", classes.contains(LinuxTunDevice.class.getName() + " "));
        assertTrue(classes.contains(JniTunSyscalls.class.getName() + " "));
        List<String> jna = classes.lines().filter(line -> line.contains("com.sun.jna")).toList();
        assertEquals("JNA classes loaded: " + jna, List.of(), jna);
        assertFalse(classes.contains(JnaTunSyscalls.class.getName() + " "));
    }

    @Test(timeout = 90_000)
    public void withJniTurnedOffADeviceLivesThroughJna() throws Exception {
        String classes = runDeviceLife("-Dgost4j.jni=false");
        assertTrue(classes.contains(JnaTunSyscalls.class.getName() + " "));
        assertTrue(classes.contains("com.sun.jna.Native "));
    }

    /** Runs {@link DeviceLifeRun} in the namespace and returns its class-load log. */
    private String runDeviceLife(String... options) throws Exception {
        List<String> command = new ArrayList<>(List.of("ip", "netns", "exec", ns.name,
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xlog:class+load=info:file=" + classLog,
                "-Djava.library.path=" + System.getProperty("java.library.path"),
                "-cp", System.getProperty("java.class.path")));
        command.addAll(List.of(options));
        command.add(DeviceLifeRun.class.getName());
        Process life = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output.toFile()).start();
        boolean finished = life.waitFor(60, TimeUnit.SECONDS);
        if (!finished) {
            life.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
        }
        String printed = Files.readString(output);
        assertTrue("finished: " + printed, finished);
        assertEquals(printed, 0, life.exitValue());
        assertTrue(printed, printed.contains("device life done"));
        return Files.readString(classLog);
    }
}
