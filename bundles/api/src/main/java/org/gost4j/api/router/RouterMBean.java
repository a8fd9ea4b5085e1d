package org.gost4j.api.router;

import javax.management.MBeanException;

import org.osgi.annotation.versioning.ProviderType;

/**
 * A router as a management interface, exposed as {@code gost4j:type=router,name=<name>}. Changes go into the
 * router's own configuration, so they survive as configuration and the router restarts with them. An operation
 * that cannot be done fails with an {@link MBeanException} saying why in one line.
 */
@ProviderType
public interface RouterMBean {

    String getName();

    /** The routes in GOST's {@code "CIDR GATEWAY"} form, in configuration order. */
    String[] getRoutes();

    /** Adds a {@code "CIDR GATEWAY"} route (replacing one for the same network); returns a summary. */
    String addRoute(String route) throws MBeanException;

    /** Removes the route for a network, given as {@code "CIDR"} or {@code "CIDR GATEWAY"}; returns a summary. */
    String removeRoute(String route) throws MBeanException;

    /** One line per loader (file, Redis, HTTP) with its state; empty if there is none. @since 1.2 */
    String[] getSources();

    /** Completed loader rounds (every {@code reload} period). @since 1.2 */
    long getRefreshes();

    /** Loader reads that failed (source down, slow or refusing); the last good routes stayed in force. @since 1.2 */
    long getRefreshFailures();
}
