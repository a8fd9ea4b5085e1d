package org.gost4j.management.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;

import java.nio.file.Path;
import java.util.Map;

import org.junit.Test;

public class ConfigPathsTest {

    @Test
    public void relativeNamesAreBesideTheCfgFile() {
        Map<String, Object> fromFile = Map.of(ConfigPaths.FILEINSTALL_FILENAME, "file:/opt/gost4j/config/gost4j.jolokia.cfg");
        assertEquals(Path.of("/opt/gost4j/config/management.passwords"),
                ConfigPaths.resolve("management.passwords", fromFile));
        assertEquals(Path.of("/etc/keys.p12"), ConfigPaths.resolve("/etc/keys.p12", fromFile));
    }

    @Test
    public void theCfgFileItselfAsAUrlOrAPath() {
        assertEquals(Path.of("/etc/gost4j/gost4j.jolokia.cfg"), ConfigPaths.configFile(
                Map.of(ConfigPaths.FILEINSTALL_FILENAME, "file:/etc/gost4j/gost4j.jolokia.cfg")));
        assertEquals(Path.of("/etc/gost4j/gost4j.jolokia.cfg"), ConfigPaths.configFile(
                Map.of(ConfigPaths.FILEINSTALL_FILENAME, "/etc/gost4j/gost4j.jolokia.cfg")));
        assertEquals(null, ConfigPaths.configFile(Map.of()));
    }

    @Test
    public void relativeNamesNeedACfgFile() {
        assertEquals(Path.of("/etc/keys.p12"), ConfigPaths.resolve("/etc/keys.p12", Map.of()));
        assertThrows(IllegalArgumentException.class, () -> ConfigPaths.resolve("management.passwords", Map.of()));
    }
}
