package org.gost4j.launcher;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
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
    public void aConfiguredPathThatCannotBeADirectoryIsRefusedInOneLine() throws Exception {
        Path file = Files.createFile(folder.getRoot().toPath().resolve("file"));
        IOException e = assertThrows(IOException.class, () -> DataDirectory.create(file.toString()));
        assertEquals("GOST4J_DATA " + file + " is not a directory", e.getMessage());

        Path below = file.resolve("data");
        e = assertThrows(IOException.class, () -> DataDirectory.create(below.toString()));
        assertTrue(e.getMessage(), e.getMessage().startsWith("GOST4J_DATA " + below + " cannot be used as the data"
                + " directory: java.nio.file.FileSystemException: "));
        assertTrue(e.getMessage(), e.getMessage().endsWith("Not a directory"));
    }

    @Test
    public void aTemporaryDirectoryIsOwnerOnlyAndRemoved() throws Exception {
        DataDirectory data = DataDirectory.create(null);
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(data.path())));
        data.deleteIfTemporary();
        assertTrue(Files.notExists(data.path()));
    }
}
