package org.gost4j.support.net;

import static org.junit.Assert.assertEquals;

import org.junit.Test;

public class UserInfoTest {

    @Test
    public void aPlusIsAPlusAsInGosUrlPackage() {
        assertEquals("a+b", UserInfo.decode("a+b"));
        assertEquals("a b:c@d", UserInfo.decode("a%20b%3Ac%40d"));
    }

    @Test
    public void encodedTextReadsBackUnchanged() {
        for (String text : new String[] {"a+b", "a b", "p@/x:y", "fd00::2", "ü%"}) {
            String encoded = UserInfo.encode(text);
            assertEquals(text, UserInfo.decode(encoded));
            assertEquals(encoded, -1, encoded.indexOf('+'));
        }
    }

    @Test(expected = IllegalArgumentException.class)
    public void badPercentEncodingIsRefused() {
        UserInfo.decode("%zz");
    }
}
