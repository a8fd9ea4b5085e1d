package org.gost4j.metrics.internal;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.Collection;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import org.gost4j.api.auth.AutherMBean;
import org.gost4j.api.router.RouterMBean;
import org.gost4j.api.transport.ChainMBean;
import org.gost4j.api.tunnel.TunnelMBean;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.FieldOption;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.metatype.annotations.Designate;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import io.prometheus.metrics.config.EscapingScheme;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;

/**
 * GOST's metrics service: the Prometheus text format on {@code addr} at {@code path}, with basic authentication
 * when {@code username} is set (a wrong or missing one gets 401). One endpoint per factory configuration of
 * {@value #PID} ({@code -metrics} makes {@code gost4j.metrics~cli}, the YAML {@code metrics:} section
 * {@code gost4j.metrics~file}); the services it reads come and go with their bundles (dynamic references), so
 * stopping any other bundle never stops the endpoint.
 */
@Component(configurationPid = MetricsEndpoint.PID, configurationPolicy = ConfigurationPolicy.REQUIRE, immediate = true,
        service = {})
@Designate(ocd = MetricsConfig.class, factory = true)
public final class MetricsEndpoint {

    static final String PID = "gost4j.metrics";

    private static final Logger LOG = System.getLogger(MetricsEndpoint.class.getName());

    // SCR adds and removes the services in place (field option update), so the collector reads them as they are
    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC, fieldOption = FieldOption.UPDATE)
    final Collection<TunnelMBean> tunnels = new CopyOnWriteArrayList<>();
    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC, fieldOption = FieldOption.UPDATE)
    final Collection<AutherMBean> authers = new CopyOnWriteArrayList<>();
    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC, fieldOption = FieldOption.UPDATE)
    final Collection<RouterMBean> routers = new CopyOnWriteArrayList<>();
    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC, fieldOption = FieldOption.UPDATE)
    final Collection<ChainMBean> chains = new CopyOnWriteArrayList<>();
    private final PrometheusTextFormatWriter writer = PrometheusTextFormatWriter.create();
    private PrometheusRegistry registry;
    private HttpServer server;
    private ExecutorService executor;
    private String path;
    private byte[] expectedAuthorization;

    /**
     * A configuration it cannot use, or an address it cannot bind, is refused in one line and the endpoint stays
     * active serving nothing until the next configuration (thrown, SCR would log a stack trace too).
     */
    @Activate
    void activate(MetricsConfig config) {
        boolean withCredentials = !config.username().isEmpty();
        ListenAddress listen;
        try {
            if (withCredentials && config.password().isEmpty()) {
                throw new IllegalArgumentException("username without password");
            }
            if (!config.path().startsWith("/")) {
                throw new IllegalArgumentException("path '" + config.path() + "' must start with /");
            }
            listen = ListenAddress.of(config.addr(), withCredentials);
        } catch (IllegalArgumentException e) {
            LOG.log(Level.ERROR, "metrics endpoint not started: " + e.getMessage());
            return;
        }
        path = config.path();
        expectedAuthorization = withCredentials ? ("Basic " + Base64.getEncoder().encodeToString(
                (config.username() + ":" + config.password()).getBytes(StandardCharsets.UTF_8)))
                .getBytes(StandardCharsets.UTF_8) : null;
        registry = new PrometheusRegistry();
        registry.register(new GostCollector(hostName(), tunnels, authers, routers, chains));
        try {
            server = HttpServer.create(listen.address(), 16);
        } catch (IOException e) {
            LOG.log(Level.ERROR, "metrics endpoint not started on " + listen.address() + ": " + e);
            return;
        }
        executor = Executors.newSingleThreadExecutor(runnable -> {
            Thread thread = new Thread(runnable, "gost4j-metrics");
            thread.setDaemon(true);
            return thread;
        });
        server.setExecutor(executor);
        server.createContext("/", this::handle);
        server.start();
        String where = "http://" + format(listen) + path;
        LOG.log(Level.INFO, "metrics endpoint on " + where + (withCredentials ? " (basic authentication)" : ""));
        if (listen.emptyHostNarrowed()) {
            LOG.log(Level.INFO, "metrics: '" + config.addr() + "' without credentials serves loopback only; write"
                    + " 0.0.0.0:" + listen.address().getPort() + " for every interface, or set user:pass");
        } else if (!withCredentials && !listen.address().getAddress().isLoopbackAddress()) {
            LOG.log(Level.WARNING, "metrics endpoint on " + where + " has no credentials: whoever reaches it reads"
                    + " every client's addresses");
        }
    }

    private static String format(ListenAddress listen) {
        String host = listen.address().getAddress().getHostAddress();
        return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + listen.address().getPort();
    }

    private static String hostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            return "localhost";
        }
    }

    @Deactivate
    void deactivate() {
        if (server == null) {
            return; // refused: nothing was started
        }
        server.stop(0);
        executor.shutdownNow();
        LOG.log(Level.INFO, "metrics endpoint stopped");
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            if (expectedAuthorization != null && !authorized(exchange.getRequestHeaders().getFirst("Authorization"))) {
                exchange.getResponseHeaders().set("WWW-Authenticate", "Basic realm=\"gost4j metrics\"");
                exchange.sendResponseHeaders(401, -1);
                return;
            }
            if (!exchange.getRequestURI().getPath().equals(path)) {
                exchange.sendResponseHeaders(404, -1);
                return;
            }
            String method = exchange.getRequestMethod();
            if (!"GET".equals(method) && !"HEAD".equals(method)) {
                exchange.getResponseHeaders().set("Allow", "GET, HEAD");
                exchange.sendResponseHeaders(405, -1);
                return;
            }
            exchange.getResponseHeaders().set("Content-Type", writer.getContentType());
            if ("HEAD".equals(method)) { // no body, so no scrape: a health check costs nothing
                exchange.sendResponseHeaders(200, -1);
                return;
            }
            ByteArrayOutputStream body = new ByteArrayOutputStream(16 * 1024);
            writer.write(body, registry.scrape(), EscapingScheme.UNDERSCORE_ESCAPING);
            exchange.sendResponseHeaders(200, body.size());
            try (OutputStream out = exchange.getResponseBody()) {
                body.writeTo(out);
            }
        }
    }

    /** Constant time, so the comparison does not tell how much of the credentials was right. */
    private boolean authorized(String header) {
        return header != null && MessageDigest.isEqual(expectedAuthorization, header.getBytes(StandardCharsets.UTF_8));
    }
}
