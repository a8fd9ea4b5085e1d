package org.gost4j.api.auth;

import org.osgi.annotation.versioning.ProviderType;

/**
 * An auther as a management interface, exposed as {@code gost4j:type=auther,name=<name>}. It shows user names
 * only, never passwords. Changes go into the auther's own configuration, so they survive as configuration and
 * the auther restarts with them.
 */
@ProviderType
public interface AutherMBean {

    String getName();

    /** The user names, sorted; never their passwords. */
    String[] getUsers();

    /** Adds {@code user} with {@code password}, or replaces its password; returns a summary or the error. */
    String addEntry(String user, String password);

    /** Removes {@code user}; returns a summary or the error. */
    String removeEntry(String user);
}
