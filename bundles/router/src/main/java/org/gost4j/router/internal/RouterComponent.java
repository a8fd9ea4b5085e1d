package org.gost4j.router.internal;

import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.util.ArrayList;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;

import org.gost4j.api.management.ManagedObjects;
import org.gost4j.api.router.RouteEntry;
import org.gost4j.api.router.Router;
import org.gost4j.api.router.RouterMBean;
import org.gost4j.api.tunnel.TunnelPids;
import org.gost4j.support.config.OwnConfiguration;
import org.gost4j.support.loader.BadEntries;
import org.gost4j.support.loader.RedisSource;
import org.gost4j.support.loader.ReloadingLoader;
import org.gost4j.support.loader.ReloadingLoader.Loaded;
import org.gost4j.support.loader.Source;
import org.gost4j.support.loader.Sources;
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
 * One router per {@code gost4j.router} factory configuration: a {@link Router} service holding the current routes
 * and a {@link RouterManagement} delegate for the management whiteboard, both registered here with only the name
 * (and the MBean type) as properties: DS would publish every configuration property, and {@code redis.password}
 * is one. It registers no service through DS, so it is immediate.
 *
 * <p>The routes are {@code routes} followed by what the loaders (file, Redis, HTTP) last read, in that order, as
 * GOST appends them. When a reload changes them, a new {@link Router} service is registered before the old one
 * goes, so a tunnel swaps its table without a moment without routes (a {@code Router}'s routes never change).
 *
 * <p>A configuration it cannot use is refused in one line, and the component stays active holding nothing: no
 * service, no thread, until the next configuration.
 */
@Component(configurationPid = TunnelPids.ROUTER, configurationPolicy = ConfigurationPolicy.REQUIRE, service = {})
@Designate(ocd = RouterConfig.class, factory = true)
public final class RouterComponent {

    private static final Logger LOG = System.getLogger(RouterComponent.class.getName());

    private final String name;
    private final List<RouteEntry> inline;
    private final BundleContext context;
    private final BadEntries badEntries;
    private final ReloadingLoader loader;
    private final ServiceRegistration<RouterMBean> management;
    /** Guards the Router registration against a reload racing deactivation. */
    private final Object lock = new Object();
    private volatile RouteSet routes;
    private ServiceRegistration<Router> routerRegistration;
    private boolean active = true;

    @Activate
    public RouterComponent(RouterConfig config, Map<String, Object> properties, BundleContext context,
            @Reference ConfigurationAdmin configAdmin) {
        name = config.name();
        this.context = context;
        badEntries = new BadEntries(LOG, "router " + name);
        List<RouteEntry> parsed = null;
        ReloadingLoader loading = null;
        try {
            if (name == null || name.isBlank()) {
                throw new IllegalArgumentException("its configuration has no name");
            }
            parsed = parse(config.routes());
            List<Source> sources = sources(config);
            loading = sources.isEmpty() ? null : new ReloadingLoader("router " + name, sources,
                    Sources.duration("reload", config.reload()), this::loaded);
        } catch (IllegalArgumentException e) {
            // one line; the component stays active holding nothing (thrown, SCR would log a stack trace too)
            LOG.log(Level.ERROR, "router " + (name == null || name.isBlank() ? "" : name + " ") + "not started: "
                    + e.getMessage());
            parsed = null;
        }
        inline = parsed;
        loader = loading;
        if (parsed == null) {
            management = null;
            return;
        }
        routes = new RouteSet(name, inline);
        routerRegistration = context.registerService(Router.class, routes, serviceProperties(false));
        management = context.registerService(RouterMBean.class,
                new RouterManagement(this, new OwnConfiguration(configAdmin, properties)), serviceProperties(true));
        if (loader != null) {
            loader.start();
        }
        LOG.log(Level.INFO, "router " + name + " up: " + inline
                + (loader == null ? "" : ", loading " + String.join("; ", sources())));
    }

    private Dictionary<String, Object> serviceProperties(boolean mbean) {
        Dictionary<String, Object> props = new Hashtable<>();
        props.put(Router.NAME_PROPERTY, name);
        if (mbean) {
            props.put(ManagedObjects.TYPE_PROPERTY, ManagedObjects.TYPE_ROUTER);
        }
        return props;
    }

    private static List<Source> sources(RouterConfig config) {
        RedisSource.Settings redis = new RedisSource.Settings(config.redis_addr(), config.redis_db(),
                config.redis_username(), config.redis_password(), config.redis_key(),
                RedisSource.Type.of(config.redis_type()), Sources.duration("redis.timeout", config.redis_timeout()));
        return Sources.of(config.file(), redis, config.http_url(), Sources.duration("http.timeout", config.http_timeout()));
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

    /** On the loader's thread: the new routes, registered as a new Router if they differ. */
    private void loaded(List<Loaded> sources) {
        List<RouteEntry> merged = new ArrayList<>(inline);
        merged.addAll(parseLoaded(sources, badEntries));
        if (merged.equals(routes.routes())) {
            return;
        }
        RouteSet next = new RouteSet(name, List.copyOf(merged));
        synchronized (lock) {
            if (!active) {
                return;
            }
            ServiceRegistration<Router> previous = routerRegistration;
            routes = next;
            routerRegistration = context.registerService(Router.class, next, serviceProperties(false));
            unregister(previous);
        }
        LOG.log(Level.INFO, "router " + name + ": routes now " + next.routes());
    }

    /**
     * The loaded lines as routes: GOST's format, {@code CIDR GATEWAY} (tabs count as blanks, {@code #} starts a
     * comment anywhere); a line that is not a route is skipped with a warning naming it and its source.
     */
    static List<RouteEntry> parseLoaded(List<Loaded> sources, BadEntries bad) {
        List<RouteEntry> routes = new ArrayList<>();
        for (Loaded source : sources) {
            for (String raw : source.lines()) {
                int comment = raw.indexOf('#');
                String line = (comment < 0 ? raw : raw.substring(0, comment)).replace('\t', ' ').trim();
                if (line.isEmpty()) {
                    continue;
                }
                try {
                    routes.add(RouteEntry.parse(line));
                } catch (IllegalArgumentException e) {
                    String where = "'" + line + "' from " + source.source().describe();
                    bad.skip(where, "route " + where + ": " + e.getMessage());
                }
            }
        }
        bad.roundDone();
        return routes;
    }

    private static void unregister(ServiceRegistration<?> registration) {
        try {
            registration.unregister();
        } catch (IllegalStateException alreadyGone) {
            // the framework unregisters it when the bundle stops first
        }
    }

    @Deactivate
    void deactivate() {
        if (inline == null) {
            return; // its configuration was refused: nothing was started
        }
        synchronized (lock) {
            active = false;
            unregister(management);
            unregister(routerRegistration);
        }
        if (loader != null) {
            loader.close();
        }
        LOG.log(Level.INFO, "router " + name + " down");
    }

    /** The routes in force now. */
    List<RouteEntry> routes() {
        return routes.routes();
    }

    /** The {@code routes} entries alone, the ones management can change. */
    List<RouteEntry> inline() {
        return inline;
    }

    String[] sources() {
        return loader == null ? new String[0] : loader.describeSources();
    }

    long refreshes() {
        return loader == null ? 0 : loader.refreshes();
    }

    long refreshFailures() {
        return loader == null ? 0 : loader.failures();
    }

    String name() {
        return name;
    }

    @Override
    public String toString() {
        return "router " + name;
    }
}
