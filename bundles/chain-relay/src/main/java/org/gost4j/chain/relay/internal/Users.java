package org.gost4j.chain.relay.internal;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HashMap;
import java.util.Map;

/** The relay server's users ({@code username:password} entries). No users means everyone is let in. */
final class Users {

    private final Map<String, byte[]> passwords = new HashMap<>();

    Users(String[] auths) {
        for (String entry : auths) {
            int colon = entry.indexOf(':');
            if (colon <= 0) {
                throw new IllegalArgumentException("auths entry without 'username:' (entry hidden: it may hold a password)");
            }
            passwords.put(entry.substring(0, colon), entry.substring(colon + 1).getBytes(StandardCharsets.UTF_8));
        }
    }

    boolean required() {
        return !passwords.isEmpty();
    }

    boolean accept(String username, String password) {
        if (passwords.isEmpty()) {
            return true;
        }
        byte[] expected = username == null ? null : passwords.get(username);
        byte[] given = (password == null ? "" : password).getBytes(StandardCharsets.UTF_8);
        // compare in constant time so the answer's timing says nothing about the password
        return expected != null & MessageDigest.isEqual(expected == null ? given : expected, given);
    }
}
