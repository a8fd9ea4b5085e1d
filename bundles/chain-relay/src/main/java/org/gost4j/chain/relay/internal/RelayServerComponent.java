package org.gost4j.chain.relay.internal;

import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.nio.file.Path;

import org.gost4j.api.tunnel.TunnelPids;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.metatype.annotations.Designate;

/** One relay server per {@code gost4j.relay} factory configuration. It offers no service: it listens. */
@Component(configurationPid = RelayServerComponent.PID, configurationPolicy = ConfigurationPolicy.REQUIRE,
        immediate = true, service = {})
@Designate(ocd = RelayServerConfig.class, factory = true)
public final class RelayServerComponent {

    static final String PID = TunnelPids.RELAY;
    private static final Logger LOG = System.getLogger(RelayServerComponent.class.getName());

    private final RelayServer server;

    @Activate
    public RelayServerComponent(RelayServerConfig config, BundleContext context) throws Exception {
        try {
            RelayServerSettings settings = RelayServerSettings.from(config);
            Path workDir = context.getDataFile("") != null ? context.getDataFile("").toPath()
                    : Path.of(System.getProperty("java.io.tmpdir"));
            server = new RelayServer(settings, workDir);
        } catch (Exception e) {
            LOG.log(Level.ERROR, "relay " + config.name() + " not started: " + e.getMessage());
            throw e;
        }
        RelayServerSettings s = server.settings();
        LOG.log(Level.INFO, "relay " + s.name() + " up: " + (s.tls() ? "wss" : "ws") + " on " + server.localAddress()
                + s.path() + (s.tls() ? (s.certFile().isEmpty() ? ", self-signed certificate" : ", certificate "
                + s.certFile()) : "") + (s.users().required() ? ", user authentication" : "")
                + (s.bind() ? ", bind" : ""));
    }

    @Deactivate
    void deactivate() {
        server.close();
        LOG.log(Level.INFO, "relay " + server.settings().name() + " down: " + server.counters());
    }
}
