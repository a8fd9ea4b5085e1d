package org.gost4j.auther.internal;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import org.junit.Test;

public class CredentialsTest {

    @Test
    public void checksUsersAndPasswords() {
        Credentials c = Credentials.parse(new String[] {"192.168.123.2:secret:with:colons", "[fd00:0::2]:pw6", "bob:"});
        assertTrue(c.check("192.168.123.2", "secret:with:colons"));
        assertFalse(c.check("192.168.123.2", "secret"));
        assertTrue("IPv6 user names are compared in Go's form", c.check("fd00::2", "pw6"));
        assertTrue(c.check("bob", ""));
        assertFalse(c.check("alice", ""));
        assertFalse(c.check(null, null));
    }

    @Test
    public void aBadEntryNamesItsPositionNotItsContent() {
        try {
            Credentials.parse(new String[] {"a:b", "nopassword"});
            fail("accepted an entry without a password");
        } catch (IllegalArgumentException expected) {
            assertTrue(expected.getMessage().contains("entry 2"));
            assertFalse(expected.getMessage().contains("nopassword"));
        }
    }

    @Test
    public void managementEditsEntriesByCanonicalUserName() {
        java.util.List<String> entries = java.util.List.of("a:1", "[fd00:0::2]:pw6", "", "b:2");
        assertEquals(java.util.List.of("a:1", "[fd00::2]:new", "", "b:2"),
                Credentials.withEntry(entries, "fd00::2", "new"));
        assertEquals(java.util.List.of("a:1", "[fd00:0::2]:pw6", "", "b:2", "c:3"),
                Credentials.withEntry(entries, "c", "3"));
        assertEquals(java.util.List.of("a:1", "", "b:2"), Credentials.withoutUser(entries, "fd00::2"));
        assertArrayEquals(new String[] {"a", "b", "fd00::2"},
                Credentials.parse(entries.toArray(String[]::new)).users());
    }

    @Test
    public void loadedEntriesAreMergedInOrderAndBadOnesSkipped() {
        org.gost4j.support.loader.Source file = source("file users.txt");
        org.gost4j.support.loader.Source redis = source("redis 127.0.0.1:6379 db 0 hash gost");
        Credentials inline = Credentials.parse(new String[] {"192.168.123.2:inline", "192.168.123.9:kept"});
        java.util.List<String> warnings = new java.util.ArrayList<>();
        org.gost4j.support.loader.BadEntries bad = new org.gost4j.support.loader.BadEntries("auther a", warnings::add);
        Credentials merged = inline.withLoaded(java.util.List.of(
                new org.gost4j.support.loader.ReloadingLoader.Loaded(file, java.util.List.of(
                        "# comment", "192.168.123.2\tfromfile", "192.168.123.3 pass with blanks", "192.168.123.4",
                        "fd00:0::5 v6pass")),
                new org.gost4j.support.loader.ReloadingLoader.Loaded(redis, java.util.List.of(
                        "192.168.123.2 fromredis", "192.168.123.6 seventeen-bytes-xx"))), bad);
        assertTrue("a later source wins", merged.check("192.168.123.2", "fromredis"));
        assertTrue(merged.check("192.168.123.3", "pass with blanks"));
        assertTrue(merged.check("fd00::5", "v6pass"));
        assertTrue("auths stay", merged.check("192.168.123.9", "kept"));
        assertFalse("a user without a password lets no passphrase in", merged.check("192.168.123.4", ""));
        assertFalse(merged.check("192.168.123.6", "seventeen-bytes-xx"));
        assertEquals(2, warnings.size());
        assertTrue(warnings.get(0), warnings.get(0).contains("user 192.168.123.4 from file users.txt: no password"));
        assertTrue(warnings.get(1), warnings.get(1).contains("192.168.123.6") && !warnings.get(1).contains("seventeen"));

        inline.withLoaded(java.util.List.of(new org.gost4j.support.loader.ReloadingLoader.Loaded(file,
                java.util.List.of("192.168.123.4"))), bad);
        assertEquals("the same bad entry is reported once", 2, warnings.size());
    }

    private static org.gost4j.support.loader.Source source(String description) {
        return new org.gost4j.support.loader.Source() {
            @Override
            public String describe() {
                return description;
            }

            @Override
            public java.util.List<String> load() {
                return java.util.List.of();
            }
        };
    }
}
