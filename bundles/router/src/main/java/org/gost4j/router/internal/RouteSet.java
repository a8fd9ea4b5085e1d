package org.gost4j.router.internal;

import java.util.List;

import org.gost4j.api.router.RouteEntry;
import org.gost4j.api.router.Router;

/** One version of a router's routes, registered as the {@link Router} service until the routes change. */
record RouteSet(String name, List<RouteEntry> routes) implements Router {

    /** How a tunnel's log names it. */
    @Override
    public String toString() {
        return "router " + name;
    }
}
