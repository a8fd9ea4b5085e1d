package org.gost4j.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;

import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.Test;

/**
 * The launcher's command-line contract: {@code -h} prints usage and exits 0, a bad URL or option exits 2. Run
 * inside a namespace so that a launcher that wrongly accepted the arguments could not touch the host's
 * interfaces.
 */
public class LauncherCliTest extends NetnsTestSupport {

    @Override
    protected String[] requiredCommands() {
        return new String[0];
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

    @Test(timeout = 60_000)
    public void badUrlExitsTwo() throws Exception {
        Netns.Result r = gost4j("-L", "tun://:notaport?name=tun0");
        assertFalse("bin/gost4j with a bad URL did not exit within 30 s", r.timedOut());
        assertEquals("bin/gost4j -L tun://:notaport: " + r, 2, r.exitCode());
    }

    @Test(timeout = 60_000)
    public void badOptionExitsTwo() throws Exception {
        Netns.Result r = gost4j("--no-such-option");
        assertFalse("bin/gost4j with a bad option did not exit within 30 s", r.timedOut());
        assertEquals("bin/gost4j --no-such-option: " + r, 2, r.exitCode());
    }
}
