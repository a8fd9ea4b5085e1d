package org.gost4j.management.internal.credentials;

import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;

import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

public class WatchedPasswordFileTest {

    @Rule
    public final TemporaryFolder folder = new TemporaryFolder();

    @Test
    public void anEditAppliesAtOnceAndAFileMadeReadableByOthersLetsNobodyIn() throws Exception {
        Path file = folder.getRoot().toPath().resolve("management.passwords");
        WatchedPasswordFile users = WatchedPasswordFile.open(file, "gost4j");
        assertFalse(users.get().check("alice", "new"));

        Files.writeString(file, "alice new\n");
        Files.setLastModifiedTime(file, FileTime.from(Instant.now().plusSeconds(5)));
        assertTrue(users.get().check("alice", "new"));

        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
        assertFalse(users.get().check("alice", "new"));
    }
}
