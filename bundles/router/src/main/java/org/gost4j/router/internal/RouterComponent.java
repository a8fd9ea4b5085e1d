package org.gost4j.router.internal;

import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.util.ArrayList;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;

import org.gost4j.api.management.ManagedObjects;
import org.gost4j.api.router.RouteEntry;
import org.gost4j.api.router.Router;
import org.gost4j.api.router.RouterMBean;
import org.gost4j.api.tunnel.TunnelPids;
import org.gost4j.support.config.OwnConfiguration;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.Designate;

/**
 * One {@link Router} per {@code gost4j.router} factory configuration; a changed configuration is a new service.
 * It is managed through a {@link RouterManagement} delegate it registers for the management whiteboard, so it is
 * immediate: a delayed component would register it only while a tunnel uses the router.
 */
@Component(configurationPid = TunnelPids.ROUTER, configurationPolicy = ConfigurationPolicy.REQUIRE,
        immediate = true, service = Router.class)
@Designate(ocd = RouterConfig.class, factory = true)
public final class RouterComponent implements Router {

    private static final Logger LOG = System.getLogger(RouterComponent.class.getName());

    private final String name;
    private final List<RouteEntry> routes;
    private final ServiceRegistration<RouterMBean> management;

    @Activate
    public RouterComponent(RouterConfig config, Map<String, Object> properties, BundleContext context,
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
        Hashtable<String, Object> props = new Hashtable<>();
        props.put(ManagedObjects.TYPE_PROPERTY, ManagedObjects.TYPE_ROUTER);
        props.put(ManagedObjects.NAME_PROPERTY, name);
        management = context.registerService(RouterMBean.class,
                new RouterManagement(this, new OwnConfiguration(configAdmin, properties)), props);
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
        try {
            management.unregister();
        } catch (IllegalStateException alreadyGone) {
            // the framework unregisters it when the bundle stops first
        }
        LOG.log(Level.INFO, "router " + name + " down");
    }

    @Override
    public List<RouteEntry> routes() {
        return routes;
    }

    String name() {
        return name;
    }

    @Override
    public String toString() {
        return "router " + name;
    }
}
