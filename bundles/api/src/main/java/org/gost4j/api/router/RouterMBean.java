package org.gost4j.api.router;

import org.osgi.annotation.versioning.ProviderType;

/**
 * A router as a management interface, exposed as {@code gost4j:type=router,name=<name>}. Changes go into the
 * router's own configuration, so they survive as configuration and the router restarts with them.
 */
@ProviderType
public interface RouterMBean {

    String getName();

    /** The routes in GOST's {@code "CIDR GATEWAY"} form, in configuration order. */
    String[] getRoutes();

    /** Adds a {@code "CIDR GATEWAY"} route (replacing one for the same network); returns a summary or the error. */
    String addRoute(String route);

    /** Removes the route for a network, given as {@code "CIDR"} or {@code "CIDR GATEWAY"}; returns a summary or the error. */
    String removeRoute(String route);
}
