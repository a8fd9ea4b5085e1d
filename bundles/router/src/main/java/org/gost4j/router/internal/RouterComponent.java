package org.gost4j.router.internal;

import java.io.IOException;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

import org.gost4j.api.device.IpNetwork;
import org.gost4j.api.management.ManagedObjects;
import org.gost4j.api.router.RouteEntry;
import org.gost4j.api.router.Router;
import org.gost4j.api.router.RouterMBean;
import org.gost4j.api.tunnel.TunnelPids;
import org.gost4j.support.config.OwnConfiguration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.Designate;

/**
 * One {@link Router} per {@code gost4j.router} factory configuration, also a {@link RouterMBean} for the
 * management whiteboard; a changed configuration is a new service.
 */
@Component(configurationPid = TunnelPids.ROUTER, configurationPolicy = ConfigurationPolicy.REQUIRE,
        service = {Router.class, RouterMBean.class},
        property = ManagedObjects.TYPE_PROPERTY + "=" + ManagedObjects.TYPE_ROUTER)
@Designate(ocd = RouterConfig.class, factory = true)
public final class RouterComponent implements Router, RouterMBean {

    private static final Logger LOG = System.getLogger(RouterComponent.class.getName());
    private static final String ROUTES = "routes";

    private final String name;
    private final List<RouteEntry> routes;
    private final OwnConfiguration configuration;

    @Activate
    public RouterComponent(RouterConfig config, Map<String, Object> properties,
            @Reference ConfigurationAdmin configAdmin) {
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
        configuration = new OwnConfiguration(configAdmin, properties);
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

    /** {@code entries} with {@code route} in place of any route for the same network, or at the end. */
    static List<String> withRoute(List<String> entries, RouteEntry route) {
        List<String> out = new ArrayList<>();
        boolean replaced = false;
        for (String entry : entries) {
            if (!entry.isBlank() && RouteEntry.parse(entry).network().equals(route.network())) {
                if (!replaced) {
                    out.add(route.toString());
                    replaced = true;
                }
            } else {
                out.add(entry);
            }
        }
        if (!replaced) {
            out.add(route.toString());
        }
        return out;
    }

    /** {@code entries} without routes for {@code network}. */
    static List<String> withoutNetwork(List<String> entries, IpNetwork network) {
        List<String> out = new ArrayList<>();
        for (String entry : entries) {
            if (entry.isBlank() || !RouteEntry.parse(entry).network().equals(network)) {
                out.add(entry);
            }
        }
        return out;
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
    public String getName() {
        return name;
    }

    @Override
    public String[] getRoutes() {
        return routes.stream().map(RouteEntry::toString).toArray(String[]::new);
    }

    @Override
    public String addRoute(String route) {
        try {
            RouteEntry entry = RouteEntry.parse(route == null ? "" : route);
            return change("route " + entry + " added", entries -> withRoute(entries, entry));
        } catch (IllegalArgumentException e) {
            return "error: " + e.getMessage();
        }
    }

    @Override
    public String removeRoute(String route) {
        try {
            String[] parts = (route == null ? "" : route).trim().split("\\s+");
            IpNetwork network = IpNetwork.parse(parts[0]);
            if (routes.stream().noneMatch(r -> r.network().equals(network))) {
                return "error: no route for " + network;
            }
            return change("route for " + network + " removed", entries -> withoutNetwork(entries, network));
        } catch (IllegalArgumentException e) {
            return "error: " + e.getMessage();
        }
    }

    private String change(String done, UnaryOperator<List<String>> edit) {
        try {
            configuration.edit(ROUTES, edit);
            LOG.log(Level.INFO, "router " + name + ": " + done + " through management");
            return done;
        } catch (IOException e) {
            LOG.log(Level.WARNING, "router " + name + ": change refused: " + e.getMessage());
            return "error: " + e.getMessage();
        }
    }

    @Override
    public String toString() {
        return "router " + name;
    }
}
