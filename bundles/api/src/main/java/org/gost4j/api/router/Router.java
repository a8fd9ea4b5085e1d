package org.gost4j.api.router;

import java.util.List;

import org.osgi.annotation.versioning.ProviderType;

/**
 * A named set of routes (GOST's router): packets for a network go to the tunnel client that owns the gateway
 * IP. Registered with the service property {@value #NAME_PROPERTY}. A changed router is a new service, so a
 * user may build its own lookup structure once per service.
 */
@ProviderType
public interface Router {

    String NAME_PROPERTY = "name";

    /** The routes, in configuration order; never changes for one service object. */
    List<RouteEntry> routes();
}
