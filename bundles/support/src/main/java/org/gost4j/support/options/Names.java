package org.gost4j.support.options;

import java.util.regex.Pattern;

/** Names of services, authers, routers and chains: they end up in LDAP filters and ConfigAdmin PIDs, so plain. */
public final class Names {

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");

    private Names() {
    }

    /** @throws IllegalArgumentException {@code 'x' is not a name (...)} */
    public static String check(String name) {
        if (!NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("'" + name + "' is not a name (letters, digits, '.', '_', '-';"
                    + " at most 64)");
        }
        return name;
    }
}
