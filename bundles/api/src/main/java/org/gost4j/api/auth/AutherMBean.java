package org.gost4j.api.auth;

import javax.management.MBeanException;

import org.osgi.annotation.versioning.ProviderType;

/**
 * An auther as a management interface, exposed as {@code gost4j:type=auther,name=<name>}. It shows user names
 * only, never passwords. Changes go into the auther's own configuration, so they survive as configuration and
 * the auther restarts with them. An operation that cannot be done fails with an {@link MBeanException} saying why
 * in one line.
 */
@ProviderType
public interface AutherMBean {

    String getName();

    /** The user names, sorted; never their passwords. */
    String[] getUsers();

    /** Adds {@code user} with {@code password}, or replaces its password; returns a summary. */
    String addEntry(String user, String password) throws MBeanException;

    /** Removes {@code user}; returns a summary. */
    String removeEntry(String user) throws MBeanException;

    /**
     * Where entries come from besides {@code auths}: one line per loader (file, Redis, HTTP) with its state, or the
     * plugin's address; empty if there is none.
     *
     * @since 1.2
     */
    String[] getSources();

    /** Completed loader rounds (every {@code reload} period). @since 1.2 */
    long getRefreshes();

    /** Loader reads that failed (source down, slow or refusing); the last good entries stayed in force. @since 1.2 */
    long getRefreshFailures();

    /** Plugin requests that failed or timed out, each refusing a registration. @since 1.2 */
    long getPluginFailures();
}
