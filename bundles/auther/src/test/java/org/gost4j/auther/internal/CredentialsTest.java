package org.gost4j.auther.internal;

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
}
