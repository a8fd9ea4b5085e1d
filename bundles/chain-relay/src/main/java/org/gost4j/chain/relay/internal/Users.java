package org.gost4j.chain.relay.internal;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HashMap;
import java.util.Map;

import org.gost4j.support.auth.AutherEntry;

/**
 * The relay server's users ({@code username:password} entries, {@link AutherEntry}). No users means everyone is
 * let in.
 */
final class Users {

    private final Map<String, byte[]> passwords = new HashMap<>();

    Users(String[] auths) {
        for (int i = 0; i < auths.length; i++) {
            AutherEntry entry = AutherEntry.parse(auths[i], i); // user names as written: GOST compares them so
            passwords.put(entry.user(), entry.password().getBytes(StandardCharsets.UTF_8));
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
