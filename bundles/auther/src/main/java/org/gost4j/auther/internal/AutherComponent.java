package org.gost4j.auther.internal;

import java.io.IOException;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

import org.gost4j.api.auth.AutherMBean;
import org.gost4j.api.auth.Authenticator;
import org.gost4j.api.management.ManagedObjects;
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
 * One {@link Authenticator} per {@code gost4j.auther} factory configuration, also an {@link AutherMBean} for the
 * management whiteboard. It registers the service itself, with only its {@code name} and MBean type: DS would
 * publish every configuration property, and {@code auths} holds passwords.
 */
@Component(configurationPid = TunnelPids.AUTHER, configurationPolicy = ConfigurationPolicy.REQUIRE, service = {})
@Designate(ocd = AutherConfig.class, factory = true)
public final class AutherComponent implements Authenticator, AutherMBean {

    private static final Logger LOG = System.getLogger(AutherComponent.class.getName());
    private static final String AUTHS = "auths";

    private final String name;
    private final Credentials credentials;
    private final OwnConfiguration configuration;
    private final ServiceRegistration<?> registration;

    @Activate
    public AutherComponent(AutherConfig config, BundleContext context, Map<String, Object> properties,
            @Reference ConfigurationAdmin configAdmin) {
        name = config.name();
        if (name == null || name.isBlank()) {
            LOG.log(Level.ERROR, "auther not started: its configuration has no name");
            throw new IllegalArgumentException("auther without a name");
        }
        try {
            credentials = Credentials.parse(config.auths());
        } catch (IllegalArgumentException e) {
            LOG.log(Level.ERROR, "auther " + name + " not started: " + e.getMessage());
            throw e;
        }
        configuration = new OwnConfiguration(configAdmin, properties);
        Dictionary<String, Object> props = new Hashtable<>();
        props.put(NAME_PROPERTY, name);
        props.put(ManagedObjects.TYPE_PROPERTY, ManagedObjects.TYPE_AUTHER);
        registration = context.registerService(
                new String[] {Authenticator.class.getName(), AutherMBean.class.getName()}, this, props);
        LOG.log(Level.INFO, "auther " + name + " up with " + credentials.size() + " users");
    }

    @Deactivate
    void deactivate() {
        try {
            registration.unregister();
        } catch (IllegalStateException alreadyGone) {
            // the bundle is stopping and the framework unregistered it already
        }
        LOG.log(Level.INFO, "auther " + name + " down");
    }

    @Override
    public boolean authenticate(String user, String password) {
        return credentials.check(user, password);
    }

    @Override
    public String getName() {
        return name;
    }

    @Override
    public String[] getUsers() {
        return credentials.users();
    }

    @Override
    public String addEntry(String user, String password) {
        if (user == null || user.isBlank() || password == null) {
            return "error: a user name and a password are needed";
        }
        String trimmed = user.trim();
        return change("user " + trimmed + " set", entries -> Credentials.withEntry(entries, trimmed, password));
    }

    @Override
    public String removeEntry(String user) {
        if (user == null || user.isBlank()) {
            return "error: a user name is needed";
        }
        String trimmed = user.trim();
        if (!credentials.contains(Credentials.canonical(trimmed))) {
            return "error: no user " + trimmed;
        }
        return change("user " + trimmed + " removed", entries -> Credentials.withoutUser(entries, trimmed));
    }

    private String change(String done, UnaryOperator<List<String>> edit) {
        try {
            configuration.edit(AUTHS, edit);
            LOG.log(Level.INFO, "auther " + name + ": " + done + " through management");
            return done;
        } catch (IOException | IllegalArgumentException e) {
            // the messages name entries by position, never their passwords
            LOG.log(Level.WARNING, "auther " + name + ": change refused: " + e.getMessage());
            return "error: " + e.getMessage();
        }
    }

    @Override
    public String toString() {
        return "auther " + name;
    }
}
