package org.gost4j.auther.internal;

import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.util.Dictionary;
import java.util.Hashtable;

import org.gost4j.api.auth.Authenticator;
import org.gost4j.api.tunnel.TunnelPids;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.metatype.annotations.Designate;

/**
 * One {@link Authenticator} per {@code gost4j.auther} factory configuration. It registers the service itself,
 * with only its {@code name}: DS would publish every configuration property, and {@code auths} holds passwords.
 */
@Component(configurationPid = TunnelPids.AUTHER, configurationPolicy = ConfigurationPolicy.REQUIRE, service = {})
@Designate(ocd = AutherConfig.class, factory = true)
public final class AutherComponent implements Authenticator {

    private static final Logger LOG = System.getLogger(AutherComponent.class.getName());

    private final String name;
    private final Credentials credentials;
    private final ServiceRegistration<Authenticator> registration;

    @Activate
    public AutherComponent(AutherConfig config, BundleContext context) {
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
        Dictionary<String, Object> props = new Hashtable<>();
        props.put(NAME_PROPERTY, name);
        registration = context.registerService(Authenticator.class, this, props);
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
    public String toString() {
        return "auther " + name;
    }
}
