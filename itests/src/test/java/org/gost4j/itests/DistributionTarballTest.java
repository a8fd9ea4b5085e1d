package org.gost4j.itests;

import static org.junit.Assert.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import org.junit.Test;

/**
 * The distribution as a user gets it: the tarball unpacked, and from inside it the README's
 * {@code bin/gost4j -C config/examples/vpn-server.yaml}, which must find the example the build assembled from
 * the top-level config/ folder and bring up its TUN server.
 */
public class DistributionTarballTest extends NetnsTestSupport {

    @Override
    protected String[] requiredCommands() {
        return new String[] {"tar", "ss"};
    }

    @Test(timeout = 90_000)
    public void theUnpackedTarballRunsAnExampleFromItsConfigFolder() throws Exception {
        Path tarball = TestEnv.home().resolveSibling("gost4j-" + TestEnv.version() + ".tar.gz");
        assertTrue(tarball + " not built", Files.isRegularFile(tarball));
        Path unpacked = Files.createTempDirectory(lab.workDir(), "tarball-");
        Netns.Result tar = Netns.run(java.util.List.of("tar", "xzf", tarball.toString(), "-C", unpacked.toString()),
                null, Duration.ofSeconds(60));
        assertTrue("tar: " + tar, tar.ok());
        Path home = unpacked.resolve("gost4j-" + TestEnv.version());
        assertTrue("no config/examples/vpn-server.yaml in " + home,
                Files.isRegularFile(home.resolve("config/examples/vpn-server.yaml")));

        Path log = lab.workDir().resolve("tarball-appliance.log");
        Process appliance = lab.spawn(SRV, log, Map.of("GOST4J_DATA", lab.workDir().resolve("tarball-data").toString()),
                "sh", "-c", "cd \"$0\" && exec bin/gost4j -C config/examples/vpn-server.yaml", home.toString());
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!(lab.isUp(SRV, "tun0") && lab.exec(SRV, Duration.ofSeconds(5), "ss", "-H", "-u", "-l", "-n",
                "sport = :8421").output().contains("8421"))) {
            assertTrue("bin/gost4j -C config/examples/vpn-server.yaml exited: " + Files.readString(log),
                    appliance.isAlive());
            assertTrue("no tun0 up with UDP 8421 bound within 30 s: " + Files.readString(log),
                    System.nanoTime() < deadline);
            Netns.sleep(100);
        }
        String addresses = lab.exec(SRV, Duration.ofSeconds(5), "ip", "-o", "addr", "show", "dev", "tun0").output();
        assertTrue("tun0 lacks the example's 192.168.123.1/24: " + addresses, addresses.contains("192.168.123.1/24"));
    }
}
