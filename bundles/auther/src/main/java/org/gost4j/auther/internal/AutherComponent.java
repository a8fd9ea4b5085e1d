package org.gost4j.auther.internal;

import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;

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
 * One {@link Authenticator} per {@code gost4j.auther} factory configuration, managed through an
 * {@link AutherManagement} delegate. It registers both services itself, with only their {@code name} (and the
 * MBean type): DS would publish every configuration property, and {@code auths} holds passwords.
 */
@Component(configurationPid = TunnelPids.AUTHER, configurationPolicy = ConfigurationPolicy.REQUIRE, service = {})
@Designate(ocd = AutherConfig.class, factory = true)
public final class AutherComponent implements Authenticator {

    private static final Logger LOG = System.getLogger(AutherComponent.class.getName());

    private final String name;
    private final Credentials credentials;
    private final ServiceRegistration<Authenticator> registration;
    private final ServiceRegistration<AutherMBean> management;

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
        Dictionary<String, Object> props = new Hashtable<>();
        props.put(NAME_PROPERTY, name);
        registration = context.registerService(Authenticator.class, this, props);
        props.put(ManagedObjects.TYPE_PROPERTY, ManagedObjects.TYPE_AUTHER);
        management = context.registerService(AutherMBean.class,
                new AutherManagement(this, new OwnConfiguration(configAdmin, properties)), props);
        LOG.log(Level.INFO, "auther " + name + " up with " + credentials.size() + " users");
    }

    @Deactivate
    void deactivate() {
        for (ServiceRegistration<?> service : List.of(management, registration)) {
            try {
                service.unregister();
            } catch (IllegalStateException alreadyGone) {
                // the bundle is stopping and the framework unregistered it already
            }
        }
        LOG.log(Level.INFO, "auther " + name + " down");
    }

    @Override
    public boolean authenticate(String user, String password) {
        return credentials.check(user, password);
    }

    String name() {
        return name;
    }

    Credentials credentials() {
        return credentials;
    }

    @Override
    public String toString() {
        return "auther " + name;
    }
}
