package org.gost4j.config.internal;

import java.io.IOException;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.util.ArrayList;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;

import org.gost4j.api.tunnel.TunnelPids;
import org.gost4j.config.cli.CommandLine;
import org.gost4j.config.cli.ServiceUrl;
import org.gost4j.config.cli.TunnelProperties;
import org.osgi.framework.BundleContext;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * Creates one {@code gost4j.tunnel} factory configuration per {@code -L} URL of the launcher's command line,
 * and a {@code gost4j.auther} for a URL with user info.
 * It has no deactivate method on purpose: stopping this bundle must leave the tunnels running.
 */
@Component(immediate = true)
public class CliConfigurator {

    /** Framework property holding the launcher's arguments, one per line. */
    static final String ARGS_PROPERTY = "gost4j.cli.args";

    /** Marks configurations this component owns, as opposed to {@code .cfg} files. */
    static final String ORIGIN = "gost4j.origin";

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
        List<Map.Entry<String, Map<String, Object>>> configurations;
        try {
            configurations = parse(args);
        } catch (IllegalArgumentException e) {
            LOG.log(Level.ERROR, "Ignoring the command line: {0}", e.getMessage());
            return;
        }
        configurations.forEach(c -> apply(c.getKey(), c.getValue()));
    }

    /** Factory PID and properties of each configuration, authers before the tunnels that use them. */
    private static List<Map.Entry<String, Map<String, Object>>> parse(String args) {
        List<String> urls = CommandLine.parse(args.split("\n")).serviceUrls();
        List<Map.Entry<String, Map<String, Object>>> authers = new ArrayList<>();
        List<Map.Entry<String, Map<String, Object>>> tunnels = new ArrayList<>();
        for (int i = 0; i < urls.size(); i++) {
            Map<String, Object> props = ServiceUrl.parse(urls.get(i), i);
            props.put(ORIGIN, "cli");
            tunnels.add(Map.entry(TunnelPids.TUNNEL, props));
            ServiceUrl.autherOf(urls.get(i), i).ifPresent(auther -> {
                auther.put(ORIGIN, "cli");
                authers.add(Map.entry(TunnelPids.AUTHER, auther));
            });
        }
        authers.addAll(tunnels);
        return authers;
    }

    private void apply(String factoryPid, Map<String, Object> props) {
        String name = (String) props.get(TunnelProperties.NAME);
        try {
            Configuration config = configAdmin.getFactoryConfiguration(factoryPid, name, "?");
            // Updating unchanged properties would restart the tunnel, e.g. whenever this bundle restarts.
            if (ConfigurationProperties.same(config.getProperties(), props)) {
                LOG.log(Level.DEBUG, "{0} is configured already", config.getPid());
                return;
            }
            config.update(new Hashtable<>(props));
            LOG.log(Level.INFO, "Configured {0}{1}", config.getPid(), props.containsKey(TunnelProperties.LISTEN)
                    ? ": " + props.get(TunnelProperties.TYPE) + " listen " + props.get(TunnelProperties.LISTEN)
                    + (props.containsKey(TunnelProperties.REMOTE) ? " remote " + props.get(TunnelProperties.REMOTE) : "")
                    : "");
        } catch (IOException e) {
            LOG.log(Level.ERROR, "Cannot configure " + name, e);
        }
    }
}
