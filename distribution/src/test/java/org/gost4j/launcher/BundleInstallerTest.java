package org.gost4j.launcher;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import org.junit.Test;

public class BundleInstallerTest {

    @Test
    public void startsTheRuntimeFirstThenTheTunnelsThenManagementAndMetrics() {
        int runtime = BundleInstaller.startLevel("org.apache.felix.scr");
        int management = BundleInstaller.startLevel("org.gost4j.management");
        for (String tunnelPart : new String[] {"org.gost4j.api", "org.gost4j.config", "org.gost4j.tunnel",
                "org.gost4j.transport.udp", "org.gost4j.device.linux", "org.gost4j.router", "org.gost4j.auther"}) {
            int level = BundleInstaller.startLevel(tunnelPart);
            assertTrue(tunnelPart + " after the runtime", runtime < level);
            assertTrue(tunnelPart + " before management", level < management);
        }
        assertEquals(management, BundleInstaller.startLevel("org.gost4j.metrics"));
        assertTrue(management <= FrameworkProperties.BEGINNING_START_LEVEL);
        assertEquals(runtime, BundleInstaller.startLevel(null));
    }
}
