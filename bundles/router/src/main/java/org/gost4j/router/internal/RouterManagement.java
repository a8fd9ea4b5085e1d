package org.gost4j.router.internal;

import java.io.IOException;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;

import javax.management.MBeanException;

import org.gost4j.api.device.IpNetwork;
import org.gost4j.api.router.RouteEntry;
import org.gost4j.api.router.RouterMBean;
import org.gost4j.support.config.OwnConfiguration;
import org.gost4j.support.management.Failures;

/**
 * The management view of a {@link RouterComponent}. Changes go into the router's own configuration (so DS
 * restarts it with them), checked by the rule every {@code CIDR GATEWAY} entry meets ({@link RouteEntry#parse});
 * a change that cannot be made is an {@link MBeanException} with a one-line message.
 */
final class RouterManagement implements RouterMBean {

    private static final Logger LOG = System.getLogger(RouterManagement.class.getName());
    private static final String ROUTES = "routes";

    private final RouterComponent router;
    private final OwnConfiguration configuration;

    RouterManagement(RouterComponent router, OwnConfiguration configuration) {
        this.router = router;
        this.configuration = configuration;
    }

    @Override
    public String getName() {
        return router.name();
    }

    @Override
    public String[] getRoutes() {
        return router.routes().stream().map(RouteEntry::toString).toArray(String[]::new);
    }

    @Override
    public String[] getSources() {
        return router.sources();
    }

    @Override
    public long getRefreshes() {
        return router.refreshes();
    }

    @Override
    public long getRefreshFailures() {
        return router.refreshFailures();
    }

    @Override
    public String addRoute(String route) throws MBeanException {
        RouteEntry entry;
        try {
            entry = RouteEntry.parse(route == null ? "" : route);
        } catch (IllegalArgumentException e) {
            throw Failures.of(e);
        }
        return change("route " + entry + " added", entries -> withRoute(entries, entry));
    }

    @Override
    public String removeRoute(String route) throws MBeanException {
        IpNetwork network;
        try {
            network = IpNetwork.parse((route == null ? "" : route).trim().split("\\s+")[0]);
        } catch (IllegalArgumentException e) {
            throw Failures.of(e);
        }
        if (router.inline().stream().noneMatch(r -> r.network().equals(network))) {
            throw Failures.of("no route for " + network + " in routes" + (router.routes().stream()
                    .anyMatch(r -> r.network().equals(network)) ? " (it comes from a loader: remove it there)" : ""));
        }
        return change("route for " + network + " removed", entries -> withoutNetwork(entries, network));
    }

    private String change(String done, UnaryOperator<List<String>> edit) throws MBeanException {
        try {
            configuration.edit(ROUTES, edit);
        } catch (IOException e) {
            LOG.log(Level.WARNING, router + ": change refused: " + e.getMessage());
            throw Failures.of(e);
        }
        LOG.log(Level.INFO, router + ": " + done + " through management");
        return done;
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
}
