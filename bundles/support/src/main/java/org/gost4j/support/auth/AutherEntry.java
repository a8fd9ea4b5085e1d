package org.gost4j.support.auth;

import org.gost4j.api.device.IpNetwork;

/**
 * One entry of an auther's {@code auths}: {@code user:password}, or {@code [user]:password} for a user name that
 * holds a colon, which a TUN server's users do when they are IPv6 tunnel addresses (GOST authenticates every
 * tunnel IP by its text form, {@code ip.String()}, e.g. {@code fd00:123::2}). The one rule for writing and reading
 * entries, whether they come from YAML, a {@code .cfg} file, a URL's user info or the auther MBean.
 */
public record AutherEntry(String user, String password) {

    /**
     * The entry's text.
     *
     * @throws IllegalArgumentException if the user name is empty or could not be read back (it starts with
     *         {@code [} or holds {@code ]:})
     */
    public static String format(String user, String password) {
        if (user.isEmpty()) {
            throw new IllegalArgumentException("empty user name");
        }
        if (user.startsWith("[") || user.contains("]:")) {
            throw new IllegalArgumentException("user name '" + user + "' cannot start with '[' or hold ']:'"
                    + " (write IPv6 addresses without brackets)");
        }
        return (user.indexOf(':') >= 0 ? "[" + user + "]" : user) + ":" + password;
    }

    /**
     * Reads an entry written by {@link #format} (or by hand in a {@code .cfg} file), the user name as written.
     *
     * @param position the entry's place in its list, from 0, to name a bad entry by: never by its content, which
     *                 holds a password
     * @throws IllegalArgumentException {@code auths entry 2 is not user:password}
     */
    public static AutherEntry parse(String entry, int position) {
        if (entry.startsWith("[")) {
            int end = entry.indexOf("]:");
            if (end < 0) {
                throw new IllegalArgumentException("auths entry " + (position + 1) + " is not [user]:password");
            }
            return new AutherEntry(entry.substring(1, end), entry.substring(end + 2));
        }
        int split = entry.indexOf(':');
        if (split <= 0) {
            throw new IllegalArgumentException("auths entry " + (position + 1) + " is not user:password");
        }
        return new AutherEntry(entry.substring(0, split), entry.substring(split + 1));
    }

    /**
     * A user name as a TUN server asks for it: an IP literal in Go's text form ({@code fd00:0::2} is
     * {@code fd00::2}), anything else as it is.
     */
    public static String canonicalUser(String user) {
        if (user.indexOf('/') >= 0) {
            return user;
        }
        try {
            return IpNetwork.format(IpNetwork.parse(user).address());
        } catch (IllegalArgumentException notAnAddress) {
            return user;
        }
    }

    /** This entry with its user name in {@link #canonicalUser} form. */
    public AutherEntry canonical() {
        return new AutherEntry(canonicalUser(user), password);
    }

    @Override
    public String toString() {
        return "auths entry for " + user; // never the password
    }
}
