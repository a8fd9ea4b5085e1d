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
}
