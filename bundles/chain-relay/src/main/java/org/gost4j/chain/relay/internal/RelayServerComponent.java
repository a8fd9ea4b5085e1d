package org.gost4j.chain.relay.internal;

import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.nio.file.Path;
import java.util.List;

import org.gost4j.api.tunnel.TunnelPids;
import org.gost4j.api.tunnel.TunnelMBean;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.metatype.annotations.Designate;

/**
 * One relay server per {@code gost4j.relay} factory configuration. It offers no service: it listens. It follows
 * the tunnels running beside it (dynamically, so tunnels come and go without restarting it) for its default
 * {@code tunnels} target.
 */
@Component(configurationPid = RelayServerComponent.PID, configurationPolicy = ConfigurationPolicy.REQUIRE,
        immediate = true, service = {})
@Designate(ocd = RelayServerConfig.class, factory = true)
public final class RelayServerComponent {

    static final String PID = TunnelPids.RELAY;
    private static final Logger LOG = System.getLogger(RelayServerComponent.class.getName());

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile List<TunnelMBean> tunnels;

    private final RelayServer server;

    @Activate
    public RelayServerComponent(RelayServerConfig config, BundleContext context) throws Exception {
        try {
            RelayServerSettings settings = RelayServerSettings.from(config);
            Path workDir = context.getDataFile("") != null ? context.getDataFile("").toPath()
                    : Path.of(System.getProperty("java.io.tmpdir"));
            server = new RelayServer(settings, workDir, new TunnelServers(() -> {
                List<TunnelMBean> current = tunnels;
                return current == null ? List.of() : current;
            }));
        } catch (Exception e) {
            LOG.log(Level.ERROR, "relay " + config.name() + " not started: " + e.getMessage());
            throw e;
        }
        RelayServerSettings s = server.settings();
        LOG.log(Level.INFO, "relay " + s.name() + " up: " + s.transport().scheme() + " on " + server.localAddress()
                + (s.transport().websocket() ? s.path() : "") + (s.tls() ? (s.certFile().isEmpty()
                ? ", self-signed certificate" : ", certificate " + s.certFile()) : "")
                + (s.users().required() ? ", user authentication" : "") + (s.bind() ? ", bind" : "")
                + ", targets " + server.targets() + ", idle " + s.idleMillis() / 1000 + " s, at most "
                + s.maxSessions() + " connections (" + s.maxSessionsPerSource() + " per address)");
        if (!s.users().required()) {
            LOG.log(Level.WARNING, "relay " + s.name() + " asks no credentials: anyone reaching it may use it"
                    + " (give user:pass@ or auths)");
        }
        if (server.targets().allowsAnything()) {
            LOG.log(Level.WARNING, "relay " + s.name() + " relays to any host and port, this host's included"
                    + " (targets " + server.targets() + ")");
        }
    }

    @Deactivate
    void deactivate() {
        server.close();
        LOG.log(Level.INFO, "relay " + server.settings().name() + " down: " + server.counters());
    }
}
