package org.gost4j.management.internal.credentials;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;

import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

public class PasswordFileTest {

    @Rule
    public final TemporaryFolder folder = new TemporaryFolder();

    @Test
    public void aNewFileHasOneUserWithALongRandomPasswordAndOnlyItsOwnerMayReadIt() throws Exception {
        Path file = folder.getRoot().toPath().resolve("management.passwords");
        assertTrue(PasswordFile.createIfMissing(file, "gost4j"));

        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
        List<String> users = Files.readAllLines(file).stream().filter(l -> !l.startsWith("#")).toList();
        assertEquals(1, users.size());
        String[] fields = users.get(0).split(" ");
        assertEquals("gost4j", fields[0]);
        assertEquals(24, fields[1].length());
        assertTrue(PasswordFile.read(file).check("gost4j", fields[1]));
        try (var leftovers = Files.list(folder.getRoot().toPath())) {
            assertEquals("no draft left beside it", 1, leftovers.count());
        }
    }

    @Test
    public void anExistingFileIsKept() throws Exception {
        Path file = ownerOnly("admin secret1\n");
        assertFalse(PasswordFile.createIfMissing(file, "gost4j"));
        assertEquals("admin secret1\n", Files.readString(file));
    }

    @Test
    public void passwordsAreRandom() {
        assertFalse(PasswordFile.randomPassword().equals(PasswordFile.randomPassword()));
    }

    @Test
    public void readsUsersAndSkipsCommentsAndBlankLines() throws Exception {
        Credentials credentials = PasswordFile.read(ownerOnly("# users\n\nalice  a-pass\n  bob\tb-pass  \n"));
        assertEquals(java.util.Set.of("alice", "bob"), credentials.users());
        assertTrue(credentials.check("alice", "a-pass"));
        assertTrue(credentials.check("bob", "b-pass"));
        assertFalse(credentials.check("alice", "b-pass"));
        assertFalse(credentials.check("carol", "a-pass"));
        assertFalse(credentials.check("alice", null));
    }

    @Test
    public void aFileOthersCanReadIsRefusedWithTheFix() throws Exception {
        Path file = ownerOnly("gost4j secret\n");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> PasswordFile.read(file));
        assertTrue(e.getMessage(), e.getMessage().contains("chmod 600 " + file));
    }

    @Test
    public void malformedOrEmptyFilesAreRefused() throws Exception {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> PasswordFile.read(ownerOnly("gost4j\n")));
        assertTrue(e.getMessage(), e.getMessage().contains("line 1"));
        assertThrows(IllegalArgumentException.class, () -> PasswordFile.read(ownerOnly("# nobody\n")));
        assertThrows(IllegalArgumentException.class, () -> PasswordFile.read(folder.getRoot().toPath().resolve("none")));
    }

    @Test
    public void thePublishedDefaultIsRecognised() throws Exception {
        assertTrue(PasswordFile.read(ownerOnly("gost4j " + Credentials.PUBLISHED_DEFAULT + "\n")).usesPublishedDefault());
        assertFalse(PasswordFile.read(ownerOnly("gost4j other\n")).usesPublishedDefault());
    }

    private Path ownerOnly(String content) throws Exception {
        Path file = folder.newFile().toPath();
        Files.writeString(file, content);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        return file;
    }
}
