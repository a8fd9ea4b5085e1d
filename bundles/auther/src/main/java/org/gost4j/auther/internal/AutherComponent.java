package org.gost4j.auther.internal;

import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.util.ArrayList;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import org.gost4j.api.auth.AuthRequest;
import org.gost4j.api.auth.AutherMBean;
import org.gost4j.api.auth.Authenticator;
import org.gost4j.api.management.ManagedObjects;
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
 * One {@link Authenticator} per {@code gost4j.auther} factory configuration, managed through an
 * {@link AutherManagement} delegate. It registers both services itself, with only their {@code name} (and the
 * MBean type): DS would publish every configuration property, and {@code auths} holds passwords.
 *
 * <p>Its users are {@code auths} merged with what its loaders (file, Redis, HTTP) last read, swapped in whole
 * after every reload that changed something: a running registration check sees either the old or the new set.
 * With a {@code plugin}, every question goes to the plugin instead (as in GOST, which then ignores the rest).
 *
 * <p>A configuration it cannot use is refused in one line, and the component stays active holding nothing: no
 * service, no thread, until the next configuration.
 */
@Component(configurationPid = TunnelPids.AUTHER, configurationPolicy = ConfigurationPolicy.REQUIRE, service = {})
@Designate(ocd = AutherConfig.class, factory = true)
public final class AutherComponent implements Authenticator {

    private static final Logger LOG = System.getLogger(AutherComponent.class.getName());

    private final String name;
    private final Credentials inline;
    private volatile Credentials credentials;
    private final BadEntries badEntries;
    private final ReloadingLoader loader;
    private final HttpAutherPlugin plugin;
    private final ServiceRegistration<Authenticator> registration;
    private final ServiceRegistration<AutherMBean> management;

    @Activate
    public AutherComponent(AutherConfig config, BundleContext context, Map<String, Object> properties,
            @Reference ConfigurationAdmin configAdmin) {
        name = config.name();
        badEntries = new BadEntries(LOG, "auther " + name);
        Credentials parsed = null;
        HttpAutherPlugin asking = null;
        ReloadingLoader loading = null;
        try {
            if (name == null || name.isBlank()) {
                throw new IllegalArgumentException("its configuration has no name");
            }
            parsed = Credentials.parse(config.auths());
            asking = plugin(config);
            List<Source> sources = asking != null ? List.of() : sources(config);
            loading = sources.isEmpty() ? null : new ReloadingLoader("auther " + name, sources,
                    Sources.duration("reload", config.reload()), this::loaded);
        } catch (IllegalArgumentException e) {
            // one line; the component stays active holding nothing (thrown, SCR would log a stack trace too)
            LOG.log(Level.ERROR, "auther " + (name == null || name.isBlank() ? "" : name + " ") + "not started: "
                    + e.getMessage());
            parsed = null;
        }
        inline = parsed;
        credentials = parsed;
        plugin = asking;
        loader = loading;
        if (parsed == null) {
            registration = null;
            management = null;
            return;
        }
        if (loader != null) {
            loader.start();
        }
        Dictionary<String, Object> props = new Hashtable<>();
        props.put(NAME_PROPERTY, name);
        registration = context.registerService(Authenticator.class, this, props);
        props.put(ManagedObjects.TYPE_PROPERTY, ManagedObjects.TYPE_AUTHER);
        management = context.registerService(AutherMBean.class,
                new AutherManagement(this, new OwnConfiguration(configAdmin, properties)), props);
        LOG.log(Level.INFO, "auther " + name + " up with " + (plugin != null ? plugin.describe()
                : inline.size() + " users" + (loader == null ? "" : ", loading " + String.join("; ", sources()))));
    }

    /** On the loader's thread: {@code auths} merged with what the loaders read, swapped in whole. */
    private void loaded(List<Loaded> sources) {
        credentials = inline.withLoaded(sources, badEntries);
    }

    private HttpAutherPlugin plugin(AutherConfig config) {
        if (config.plugin_addr().isBlank() && config.plugin_type().isBlank()) {
            return null;
        }
        if (!config.plugin_type().isBlank() && !"http".equalsIgnoreCase(config.plugin_type().trim())) {
            throw new IllegalArgumentException("plugin.type '" + config.plugin_type() + "' is not supported (only http)");
        }
        if (config.plugin_addr().isBlank()) {
            throw new IllegalArgumentException("plugin.addr is missing");
        }
        if (config.auths().length > 0 || !sources(config).isEmpty()) {
            LOG.log(Level.WARNING, "auther " + name + ": a plugin answers every question; auths, file, redis and http"
                    + " are ignored (as in GOST)");
        }
        try {
            return new HttpAutherPlugin("auther " + name, config.plugin_addr(),
                    Sources.duration("plugin.timeout", config.plugin_timeout()), config.plugin_token());
        } catch (LinkageError e) {
            throw new IllegalArgumentException("the http plugin needs the Gson bundle (com.google.gson)");
        }
    }

    private static List<Source> sources(AutherConfig config) {
        RedisSource.Settings redis = new RedisSource.Settings(config.redis_addr(), config.redis_db(),
                config.redis_username(), config.redis_password(), config.redis_key(), RedisSource.Type.HASH,
                Sources.duration("redis.timeout", config.redis_timeout()));
        return Sources.of(config.file(), redis, config.http_url(), Sources.duration("http.timeout", config.http_timeout()));
    }

    @Deactivate
    void deactivate() {
        if (inline == null) {
            return; // its configuration was refused: nothing was started
        }
        for (ServiceRegistration<?> service : List.of(management, registration)) {
            try {
                service.unregister();
            } catch (IllegalStateException alreadyGone) {
                // the bundle is stopping and the framework unregistered it already
            }
        }
        if (loader != null) {
            loader.close();
        }
        if (plugin != null) {
            plugin.close();
        }
        LOG.log(Level.INFO, "auther " + name + " down");
    }

    @Override
    public boolean authenticate(String user, String password) {
        if (plugin != null) {
            return authenticateAsync(user, password, new AuthRequest("", "", 0)).toCompletableFuture().join();
        }
        return credentials.check(user, password);
    }

    @Override
    public CompletionStage<Boolean> authenticateAsync(String user, String password, AuthRequest request) {
        if (plugin != null) {
            return user == null || password == null ? CompletableFuture.completedFuture(false)
                    : plugin.ask(user, password, request);
        }
        return CompletableFuture.completedFuture(credentials.check(user, password));
    }

    String name() {
        return name;
    }

    /** The users in force now: {@code auths} and what the loaders read. */
    Credentials credentials() {
        return credentials;
    }

    /** The {@code auths} entries alone, the ones management can change. */
    Credentials inline() {
        return inline;
    }

    /** The plugin's address, or one line per loader with its state; empty if there is neither. */
    String[] sources() {
        List<String> sources = new ArrayList<>();
        if (plugin != null) {
            sources.add(plugin.describe());
        }
        if (loader != null) {
            sources.addAll(List.of(loader.describeSources()));
        }
        return sources.toArray(String[]::new);
    }

    long refreshes() {
        return loader == null ? 0 : loader.refreshes();
    }

    long refreshFailures() {
        return loader == null ? 0 : loader.failures();
    }

    long pluginFailures() {
        return plugin == null ? 0 : plugin.failures();
    }

    @Override
    public String toString() {
        return "auther " + name;
    }
}
