package org.gost4j.config.internal;

import java.io.IOException;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;

import org.gost4j.config.FactoryConfiguration;
import org.gost4j.config.cli.CliServices;
import org.gost4j.config.cli.CommandLine;
import org.gost4j.support.options.TunnelProperties;
import org.osgi.framework.BundleContext;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * Creates the factory configurations the launcher's command line asks for ({@link CliServices}): authers,
 * tunnels, relay servers and chains.
 * It has no deactivate method on purpose: stopping this bundle must leave the tunnels running.
 */
@Component(immediate = true)
public class CliConfigurator {

    /** Framework property holding the launcher's arguments, one per line. */
    static final String ARGS_PROPERTY = "gost4j.cli.args";

    private static final Logger LOG = System.getLogger(CliConfigurator.class.getName());

    @Reference
    ConfigurationAdmin configAdmin;

    @Activate
    void activate(BundleContext context) {
        configure(context.getProperty(ARGS_PROPERTY));
    }

    void configure(String args) {
        if (args == null || args.isEmpty()) {
            return;
        }
        List<FactoryConfiguration> services;
        try {
            services = CliServices.of(CommandLine.parse(args.split("\n")));
        } catch (IllegalArgumentException e) {
            LOG.log(Level.ERROR, "Ignoring the command line: {0}", e.getMessage());
            return;
        }
        services.forEach(this::apply);
    }

    private void apply(FactoryConfiguration service) {
        Map<String, Object> props = service.properties();
        String name = service.name();
        try {
            Configuration config = configAdmin.getFactoryConfiguration(service.factoryPid(), name, "?");
            // Updating unchanged properties would restart the tunnel, e.g. whenever this bundle restarts.
            if (ConfigurationProperties.same(config.getProperties(), props)) {
                LOG.log(Level.DEBUG, "{0} is configured already", config.getPid());
                return;
            }
            config.update(new Hashtable<>(props));
            LOG.log(Level.INFO, "Configured {0}{1}{2}", config.getPid(),
                    props.containsKey(TunnelProperties.LISTEN) ? " listen " + props.get(TunnelProperties.LISTEN) : "",
                    props.containsKey(TunnelProperties.REMOTE) ? " remote " + props.get(TunnelProperties.REMOTE) : "");
        } catch (IOException e) {
            LOG.log(Level.ERROR, "Cannot configure " + name, e);
        }
    }
}
