package org.gost4j.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.Test;

/**
 * The JNI libraries ship as fragments of the Linux device, UDP and tunnel bundles, one classified jar per OS and
 * processor ({@code -linux-x86_64.jar}, as Netty's native transports): an appliance whose {@code bundle/}
 * lacks them still runs its tunnel, calling through JNA, against one that has them, calls through JNI and never
 * loads JNA.
 */
public class JniFragmentEndToEndTest extends NetnsTestSupport {

    private static final Pattern JNA_LIBRARY = Pattern.compile("jnidispatch|/jna\\d+\\.tmp");
    private static final String FRAGMENT_SUFFIX = "-" + TestEnv.version() + "-" + System.getProperty(
            "gost4j.jni.classifier", "linux-x86_64") + ".jar";

    @Override
    protected String[] requiredCommands() {
        return new String[0];
    }

    @Test(timeout = 90_000)
    public void withoutTheFragmentsTheBundlesCallThroughJna() throws Exception {
        long fragments;
        try (var jars = Files.list(TestEnv.home().resolve("bundle"))) {
            fragments = jars.filter(j -> j.getFileName().toString().endsWith(FRAGMENT_SUFFIX)).count();
        }
        assertEquals("the distribution's bundle/ holds the three JNI fragments *" + FRAGMENT_SUFFIX, 3, fragments);

        PrivateHome plain = PrivateHome.create(lab.workDir(), Set.of(), Map.of()).withoutBundles(FRAGMENT_SUFFIX);
        Appliance server = appliance(plain.path(), SRV, "tun0", "-L", SERVER_URL);
        Appliance client = appliance(CLI, "-L", CLIENT_URL);
        assertPing(CLI, SRV_TUN_IP, Duration.ofSeconds(10));
        assertPing(SRV, CLI_TUN_IP, Duration.ofSeconds(5));

        assertTrue(server.logTail(40), server.log().contains("UDP through native Linux sockets (GRO, GSO), calls through JNA"));
        // the device's own line: the UDP line above also ends in "calls through JNA"
        assertTrue(server.logTail(40), deviceLineSays(server, "calls through JNA"));
        assertTrue(client.logTail(40), client.log().contains("UDP through native Linux sockets (GRO, GSO), calls through JNI"));
        assertTrue(client.logTail(40), deviceLineSays(client, "calls through JNI"));
        // with the fragments no bundle touches JNA, whose first use maps its native library (and costs the start
        // 50-100 ms); the JNA side shows the check sees it
        assertFalse(client.logTail(40), jnaLibraryMapped(client));
        assertTrue(server.logTail(40), jnaLibraryMapped(server));
        // TCP payloads cut and joined with the Java checksum on one side and the JNI one on the other
        assertTransferIntact(CLI, SRV, SRV_TUN_IP, 16);
        assertTransferIntact(SRV, CLI, CLI_TUN_IP, 16);
    }

    /**
     * Whether the appliance's JVM mapped JNA's {@code libjnidispatch}, which JNA extracts as {@code jna<digits>.tmp}
     * (deleted once loaded, still mapped).
     */
    private static boolean jnaLibraryMapped(Appliance appliance) throws IOException {
        ProcessHandle launched = ProcessHandle.of(appliance.pid()).orElseThrow();
        for (ProcessHandle process : Stream.concat(Stream.of(launched), launched.descendants()).toList()) {
            String maps;
            try {
                maps = Files.readString(Path.of("/proc", Long.toString(process.pid()), "maps"));
            } catch (IOException gone) {
                continue;
            }
            if (JNA_LIBRARY.matcher(maps).find()) {
                return true;
            }
        }
        return false;
    }

    /** The JNA line goes on with why JNI was not used, so the device's line contains the words rather than ends with them. */
    private static boolean deviceLineSays(Appliance appliance, String words) {
        return appliance.log().lines().anyMatch(line -> line.contains("opened TUN tun0,") && line.contains(words));
    }
}
