package org.gost4j.support.auth;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertThrows;

import org.junit.Test;

public class AutherEntryTest {

    /** Issue 18: GOST's users are tunnel IPs in Go's text form, IPv6 ones included. */
    @Test
    public void ipv6UserNamesGoInBracketsAndComeBack() {
        assertEquals("[fd00:123::2]:userpass1", AutherEntry.format("fd00:123::2", "userpass1"));
        assertEquals("192.168.123.2:pass:with:colons", AutherEntry.format("192.168.123.2", "pass:with:colons"));
        assertEquals(new AutherEntry("fd00:123::2", "a]:b"), AutherEntry.parse("[fd00:123::2]:a]:b", 0));
        assertEquals(new AutherEntry("192.168.123.2", "pass:with:colons"),
                AutherEntry.parse("192.168.123.2:pass:with:colons", 0));
        assertEquals(new AutherEntry("bob", ""), AutherEntry.parse("bob:", 0));
    }

    @Test
    public void userNamesThatAreIpLiteralsTakeGosTextForm() {
        assertEquals("fd00:123::2", AutherEntry.parse("[fd00:123:0:0::2]:pw", 0).canonical().user());
        assertEquals("fd00:123::2", AutherEntry.canonicalUser("FD00:123::0:2"));
        assertEquals("192.168.123.2", AutherEntry.canonicalUser("192.168.123.2"));
        assertEquals("alice", AutherEntry.canonicalUser("alice"));
        assertEquals("10.0.0.0/8", AutherEntry.canonicalUser("10.0.0.0/8"));
    }

    @Test
    public void whatCannotBeReadBackIsRefused() {
        assertEquals("empty user name",
                assertThrows(IllegalArgumentException.class, () -> AutherEntry.format("", "pw")).getMessage());
        assertEquals("user name '[fd00::2]' cannot start with '[' or hold ']:' (write IPv6 addresses without brackets)",
                assertThrows(IllegalArgumentException.class, () -> AutherEntry.format("[fd00::2]", "pw")).getMessage());
        assertThrows(IllegalArgumentException.class, () -> AutherEntry.format("a]:b", "pw"));
    }

    @Test
    public void aBadEntryIsNamedByPositionNeverByContent() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> AutherEntry.parse("nopassword", 1));
        assertEquals("auths entry 2 is not user:password", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> AutherEntry.parse("[fd00::2:secret", 0));
        assertEquals("auths entry 1 is not [user]:password", e.getMessage());
        assertFalse(new AutherEntry("u", "secret").toString().contains("secret"));
    }
}
