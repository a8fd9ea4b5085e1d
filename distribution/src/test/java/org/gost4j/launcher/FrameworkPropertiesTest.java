package org.gost4j.launcher;

import static org.junit.Assert.assertEquals;

import java.nio.file.Path;
import java.util.Map;

import org.junit.Test;

public class FrameworkPropertiesTest {

    @Test
    public void separatesInstallationAndDataAndPassesTheArguments() {
        Map<String, String> p = FrameworkProperties.of(Path.of("/opt/gost4j"), Path.of("/tmp/gost4j-1"),
                new String[] {"-L", "tun://:8421?net=192.168.123.1/24"});
        assertEquals("/tmp/gost4j-1/felix-cache", p.get("org.osgi.framework.storage"));
        assertEquals("onFirstInit", p.get("org.osgi.framework.storage.clean"));
        assertEquals("-L\ntun://:8421?net=192.168.123.1/24", p.get("gost4j.cli.args"));
        assertEquals("/opt/gost4j/deploy,/opt/gost4j/config", p.get("felix.fileinstall.dir"));
        assertEquals("false", p.get("felix.fileinstall.enableConfigSave"));
        assertEquals("warn", p.get("ds.loglevel"));
        assertEquals("true", p.get("gost4j.management.update.watched"));
    }
}
