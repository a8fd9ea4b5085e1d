package org.gost4j.router.internal;

import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.util.ArrayList;
import java.util.List;

import org.gost4j.api.router.RouteEntry;
import org.gost4j.api.router.Router;
import org.gost4j.api.tunnel.TunnelPids;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.metatype.annotations.Designate;

/** One {@link Router} per {@code gost4j.router} factory configuration; a changed configuration is a new service. */
@Component(configurationPid = TunnelPids.ROUTER, configurationPolicy = ConfigurationPolicy.REQUIRE)
@Designate(ocd = RouterConfig.class, factory = true)
public final class RouterComponent implements Router {

    private static final Logger LOG = System.getLogger(RouterComponent.class.getName());

    private final String name;
    private final List<RouteEntry> routes;

    @Activate
    public RouterComponent(RouterConfig config) {
        name = config.name();
        if (name == null || name.isBlank()) {
            LOG.log(Level.ERROR, "router not started: its configuration has no name");
            throw new IllegalArgumentException("router without a name");
        }
        try {
            routes = parse(config.routes());
        } catch (IllegalArgumentException e) {
            LOG.log(Level.ERROR, "router " + name + " not started: " + e.getMessage());
            throw e;
        }
        LOG.log(Level.INFO, "router " + name + " up: " + routes);
    }

    static List<RouteEntry> parse(String[] entries) {
        List<RouteEntry> routes = new ArrayList<>();
        for (String entry : entries) {
            if (!entry.isBlank()) {
                routes.add(RouteEntry.parse(entry));
            }
        }
        return List.copyOf(routes);
    }

    @Deactivate
    void deactivate() {
        LOG.log(Level.INFO, "router " + name + " down");
    }

    @Override
    public List<RouteEntry> routes() {
        return routes;
    }

    @Override
    public String toString() {
        return "router " + name;
    }
}
