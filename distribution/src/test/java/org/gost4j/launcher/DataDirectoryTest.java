package org.gost4j.launcher;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/** The data directory holds the framework cache, and with it every configuration: its owner's only. */
public class DataDirectoryTest {

    @Rule
    public final TemporaryFolder folder = new TemporaryFolder();

    @Test
    public void aConfiguredDirectoryIsMadeOwnerOnly() throws Exception {
        Path configured = folder.getRoot().toPath().resolve("data");
        Files.createDirectory(configured, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxr-xr-x")));
        DataDirectory data = DataDirectory.create(configured.toString());
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(data.path())));
        data.deleteIfTemporary();
        assertTrue("a configured directory is kept", Files.isDirectory(configured));
    }

    @Test
    public void aTemporaryDirectoryIsOwnerOnlyAndRemoved() throws Exception {
        DataDirectory data = DataDirectory.create(null);
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(data.path())));
        data.deleteIfTemporary();
        assertTrue(Files.notExists(data.path()));
    }
}
