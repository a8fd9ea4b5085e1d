package org.gost4j.management.internal.credentials;

import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Collections;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * Users and their passwords, kept as SHA-256 digests and compared in constant time, so neither a password's
 * length nor its first wrong character shows in how long a refusal takes.
 */
public final class Credentials {

    /** The password earlier versions shipped and documented; still accepted, but warned about at every start. */
    public static final String PUBLISHED_DEFAULT = "gost4j-change-me";

    private static final Logger LOG = System.getLogger(Credentials.class.getName());

    /** Compared against when the user is unknown, so that case takes as long as a wrong password. */
    private static final byte[] NO_USER = digest("");

    private final Map<String, byte[]> digests;
    private final boolean publishedDefault;

    private Credentials(Map<String, byte[]> digests, boolean publishedDefault) {
        this.digests = digests;
        this.publishedDefault = publishedDefault;
    }

    /** @param passwords user name → password */
    public static Credentials of(Map<String, String> passwords) {
        Map<String, byte[]> digests = new HashMap<>();
        boolean publishedDefault = false;
        for (Map.Entry<String, String> entry : passwords.entrySet()) {
            digests.put(entry.getKey(), digest(entry.getValue()));
            publishedDefault |= PUBLISHED_DEFAULT.equals(entry.getValue());
        }
        return new Credentials(Map.copyOf(digests), publishedDefault);
    }

    public boolean check(String user, String password) {
        if (user == null || password == null) {
            return false;
        }
        byte[] expected = digests.get(user);
        boolean matches = MessageDigest.isEqual(expected == null ? NO_USER : expected, digest(password));
        return expected != null && matches;
    }

    public Set<String> users() {
        return Collections.unmodifiableSet(digests.keySet());
    }

    /** Whether some user's password is {@link #PUBLISHED_DEFAULT}. */
    public boolean usesPublishedDefault() {
        return publishedDefault;
    }

    /** Logs a warning at every start while some password is {@link #PUBLISHED_DEFAULT}. */
    public void warnIfPublishedDefault(String where) {
        if (publishedDefault) {
            LOG.log(Level.WARNING, "SECURITY: a password in {0} is \"{1}\", the one published in gost4j''s"
                    + " documentation: anyone who can reach the management endpoints can run every gost4j operation."
                    + " Change it, or remove it to get a random one", where, PUBLISHED_DEFAULT);
        }
    }

    private static byte[] digest(String password) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(password.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }
}
