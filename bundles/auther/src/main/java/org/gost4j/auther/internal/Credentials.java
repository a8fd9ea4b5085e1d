package org.gost4j.auther.internal;

import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HashMap;
import java.util.Map;

import org.gost4j.api.device.IpNetwork;

/**
 * Parsed {@code auths} entries. User names that are IP literals are kept in Go's text form, which is what a TUN
 * server passes, so {@code fd00:0::2} and {@code fd00::2} are the same user.
 */
final class Credentials {

    private final Map<String, byte[]> passwords;

    private Credentials(Map<String, byte[]> passwords) {
        this.passwords = passwords;
    }

    /**
     * @throws IllegalArgumentException naming the bad entry by position, never by content (it holds a password)
     */
    static Credentials parse(String[] entries) {
        Map<String, byte[]> passwords = new HashMap<>();
        for (int i = 0; i < entries.length; i++) {
            String entry = entries[i].trim();
            if (entry.isEmpty()) {
                continue;
            }
            int split;
            String user;
            if (entry.startsWith("[")) {
                int end = entry.indexOf("]:");
                if (end < 0) {
                    throw new IllegalArgumentException("auths entry " + (i + 1) + " is not [user]:password");
                }
                user = entry.substring(1, end);
                split = end + 1;
            } else {
                split = entry.indexOf(':');
                if (split <= 0) {
                    throw new IllegalArgumentException("auths entry " + (i + 1) + " is not user:password");
                }
                user = entry.substring(0, split);
            }
            passwords.put(canonical(user), entry.substring(split + 1).getBytes(StandardCharsets.UTF_8));
        }
        return new Credentials(passwords);
    }

    private static String canonical(String user) {
        try {
            InetAddress address = IpNetwork.parse(user).address();
            return user.indexOf('/') < 0 ? IpNetwork.format(address) : user;
        } catch (IllegalArgumentException notAnAddress) {
            return user;
        }
    }

    boolean check(String user, String password) {
        if (user == null || password == null) {
            return false;
        }
        byte[] expected = passwords.get(user);
        // constant time for a known user, so the comparison does not reveal how much of a password matched
        return expected != null && MessageDigest.isEqual(expected, password.getBytes(StandardCharsets.UTF_8));
    }

    int size() {
        return passwords.size();
    }
}
