package org.gost4j.auther.internal;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.gost4j.support.auth.AutherEntry;
import org.gost4j.support.loader.BadEntries;
import org.gost4j.support.loader.ReloadingLoader.Loaded;

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
            AutherEntry parsed = AutherEntry.parse(entry, i).canonical();
            passwords.put(parsed.user(), parsed.password().getBytes(StandardCharsets.UTF_8));
        }
        return new Credentials(passwords);
    }

    /** GOST's key field is 16 bytes: a longer password can never match a tunnel client's passphrase. */
    static final int MAX_PASSWORD_BYTES = 16;

    /**
     * These credentials with the loaded sources' entries added, in order, a later entry replacing an earlier one
     * for the same user (GOST's merge). A line is {@code user password} (GOST's text format; tabs count as blanks,
     * a line starting with {@code #} is a comment). A line with a user but no password is skipped: GOST would let
     * any passphrase in for it, gost4j lets none. A password longer than 16 bytes is skipped too.
     */
    Credentials withLoaded(List<Loaded> sources, BadEntries bad) {
        Map<String, byte[]> merged = new HashMap<>(passwords);
        for (Loaded source : sources) {
            for (String raw : source.lines()) {
                String line = raw.replace('\t', ' ').trim();
                if (line.isEmpty() || line.startsWith("#")) {
                    continue;
                }
                int blank = line.indexOf(' ');
                String user = canonical(blank < 0 ? line : line.substring(0, blank));
                String password = blank < 0 ? "" : line.substring(blank + 1).trim();
                String where = "user " + user + " from " + source.source().describe();
                if (password.isEmpty()) {
                    bad.skip(where, where + ": no password (GOST lets any passphrase in for such a line; gost4j none)");
                    continue;
                }
                byte[] bytes = password.getBytes(StandardCharsets.UTF_8);
                if (bytes.length > MAX_PASSWORD_BYTES) {
                    bad.skip(where, where + ": password longer than " + MAX_PASSWORD_BYTES
                            + " bytes, which no passphrase can match");
                    continue;
                }
                merged.put(user, bytes);
            }
        }
        bad.roundDone();
        return new Credentials(merged);
    }

    /** The canonical user name of a non-blank entry; {@code position} (from 0) names a bad entry in the error. */
    static String userOf(String entry, int position) {
        return AutherEntry.parse(entry.trim(), position).canonical().user();
    }

    /** The user name in canonical form, e.g. {@code fd00::2} for {@code fd00:0::2}. */
    static String canonical(String user) {
        return AutherEntry.canonicalUser(user);
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

    /** {@code entries} with the entry for {@code user} set to {@code password}, in place or at the end. */
    static List<String> withEntry(List<String> entries, String user, String password) {
        String canonical = canonical(user);
        List<String> out = new ArrayList<>();
        boolean replaced = false;
        for (int i = 0; i < entries.size(); i++) {
            if (!entries.get(i).isBlank() && userOf(entries.get(i), i).equals(canonical)) {
                if (!replaced) {
                    out.add(AutherEntry.format(user, password));
                    replaced = true;
                }
            } else {
                out.add(entries.get(i));
            }
        }
        if (!replaced) {
            out.add(AutherEntry.format(user, password));
        }
        return out;
    }

    /** {@code entries} without those for {@code user}. */
    static List<String> withoutUser(List<String> entries, String user) {
        String canonical = canonical(user);
        List<String> out = new ArrayList<>();
        for (int i = 0; i < entries.size(); i++) {
            if (entries.get(i).isBlank() || !userOf(entries.get(i), i).equals(canonical)) {
                out.add(entries.get(i));
            }
        }
        return out;
    }

    boolean contains(String user) {
        return passwords.containsKey(user);
    }

    /** The user names, sorted. */
    String[] users() {
        return passwords.keySet().stream().sorted().toArray(String[]::new);
    }
}
