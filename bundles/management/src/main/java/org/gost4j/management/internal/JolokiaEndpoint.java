package org.gost4j.management.internal;

import java.io.IOException;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

import org.gost4j.management.internal.credentials.Credentials;
import org.gost4j.management.internal.credentials.WatchedPasswordFile;
import org.gost4j.management.internal.http.BasicAuthentication;
import org.gost4j.management.internal.http.ConsoleHandler;
import org.gost4j.management.internal.http.JolokiaMethods;
import org.gost4j.management.internal.http.ManagementHttpServer;
import org.gost4j.management.internal.http.NoJsonp;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.metatype.annotations.Designate;

import com.sun.net.httpserver.HttpContext;

/**
 * The management HTTP endpoint: Jolokia (JMX over HTTP/JSON) over the platform MBeanServer behind basic
 * authentication, and the web console that uses it. It refuses to start without an access policy: Jolokia without
 * one allows everything, including operations that can stop the JVM. Without a configured password, the users come
 * from a password file, created at first start with a random password.
 * It starts and stops on its own {@link ServerLifecycle} thread.
 */
@Component(configurationPid = JolokiaEndpoint.PID, configurationPolicy = ConfigurationPolicy.REQUIRE, immediate = true,
        service = {})
@Designate(ocd = JolokiaConfig.class)
public final class JolokiaEndpoint {

    static final String PID = "gost4j.jolokia";

    private static final Logger LOG = System.getLogger(JolokiaEndpoint.class.getName());

    private final ServerLifecycle lifecycle = new ServerLifecycle("gost4j-jolokia-lifecycle");
    /** Touched on the lifecycle thread only. */
    private ManagementHttpServer http;
    private JolokiaAgent agent;

    @Activate
    void activate(JolokiaConfig config, Map<String, Object> properties) {
        lifecycle.execute(() -> start(config, properties));
    }

    @Modified
    void modified(JolokiaConfig config, Map<String, Object> properties) {
        lifecycle.execute(() -> {
            stop();
            start(config, properties);
        });
    }

    @Deactivate
    void deactivate() throws InterruptedException {
        lifecycle.close(this::stop);
    }

    private void start(JolokiaConfig config, Map<String, Object> properties) {
        Map<String, String> settings;
        Supplier<Credentials> credentials;
        try {
            settings = settings(config, properties);
            credentials = credentials(config, properties);
        } catch (IOException | IllegalArgumentException e) {
            LOG.log(Level.ERROR, "Jolokia endpoint not started: " + e.getMessage());
            return;
        }
        warnIfPolicyAllowsAnyOrigin(settings.get("policyLocation"));
        // Jolokia finds its services through the context class loader: ours holds the embedded jar.
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        thread.setContextClassLoader(getClass().getClassLoader());
        try {
            http = ManagementHttpServer.bind(new InetSocketAddress(config.host(), config.port()), "gost4j-jolokia");
            InetSocketAddress bound = http.address();
            if (!bound.getAddress().isLoopbackAddress()) {
                LOG.log(Level.WARNING, "SECURITY: Jolokia on {0}, not on loopback: passwords cross the network in"
                        + " cleartext (HTTP basic authentication); prefer loopback and an SSH tunnel", bound);
            }
            String origin = "http://" + hostForUrl(bound) + ":" + bound.getPort();
            String path = settings.get("agentContext");
            agent = JolokiaAgent.start(settings, origin + path);
            HttpContext api = http.serve(path, agent.handler());
            api.setAuthenticator(new BasicAuthentication(credentials));
            api.getFilters().add(new JolokiaMethods());
            api.getFilters().add(new NoJsonp());
            http.serve(ConsoleHandler.PATH, new ConsoleHandler(path));
            http.start();
            LOG.log(Level.INFO, "Jolokia endpoint on {0}{1} (users {2}, policy {3}), web console on {0}{4}", origin, path,
                    credentials.get().users(), settings.get("policyLocation"), ConsoleHandler.PATH);
        } catch (IOException | RuntimeException e) {
            LOG.log(Level.ERROR, "Jolokia endpoint not started on " + config.host() + ":" + config.port() + ": " + e);
            stop();
        } finally {
            thread.setContextClassLoader(previous);
        }
    }

    private void stop() {
        boolean running = http != null;
        if (agent != null) {
            agent.stop();
            agent = null;
        }
        if (http != null) {
            http.stop();
            http = null;
        }
        if (running) {
            LOG.log(Level.INFO, "Jolokia endpoint stopped");
        }
    }

    /** @throws IllegalArgumentException when the policy is missing or a setting is invalid */
    static Map<String, String> settings(JolokiaConfig config, Map<String, ?> properties) {
        String policy = policyLocation(config.policyLocation().trim(), properties);
        if (policy.startsWith("file:") && !Files.isReadable(Path.of(URI.create(policy)))) {
            throw new IllegalArgumentException("access policy " + policy + " is not a readable file");
        }
        if (config.port() < 1 || config.port() > 65535) {
            throw new IllegalArgumentException("port " + config.port() + " is not in 1..65535");
        }
        String path = config.agentContext().strip();
        if (!path.startsWith("/") || path.startsWith(ConsoleHandler.PATH)) {
            throw new IllegalArgumentException("agentContext " + path + " must start with / and not with "
                    + ConsoleHandler.PATH);
        }
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("agentContext", path);
        settings.put("policyLocation", policy);
        settings.put("disabledServices", JolokiaAgent.DISABLED_SERVICES);
        settings.put("discoveryEnabled", "false");
        settings.put("includeStackTrace", "false");
        settings.put("debug", "false");
        return settings;
    }

    /**
     * A URL ({@code file:}, {@code classpath:}) as it is; a path as a {@code file:} URL, a relative one beside the
     * configuration's {@code .cfg} (ConfigPaths), so the shipped {@code jolokia-access.xml} next to
     * {@code gost4j.jolokia.cfg} is found in the appliance's {@code config/} and in Karaf's {@code etc/}.
     */
    static String policyLocation(String configured, Map<String, ?> properties) {
        if (configured.isEmpty()) {
            throw new IllegalArgumentException("policyLocation is required");
        }
        if (configured.matches("[A-Za-z][A-Za-z0-9+.-]+:.*")) {
            return configured;
        }
        return ConfigPaths.resolve(configured, properties).toUri().toString();
    }

    /** The users: the configured password if there is one, otherwise the password file (created at first start). */
    static Supplier<Credentials> credentials(JolokiaConfig config, Map<String, ?> properties) throws IOException {
        if (config.user().isBlank()) {
            throw new IllegalArgumentException("user must not be empty");
        }
        if (!config.password().isEmpty()) {
            Credentials credentials = Credentials.of(Map.of(config.user(), config.password()));
            Path cfg = ConfigPaths.configFile(properties);
            credentials.warnIfPublishedDefault(cfg == null ? PID : cfg.toString());
            ConfigPaths.warnIfOthersMayRead(properties);
            return () -> credentials;
        }
        return WatchedPasswordFile.open(ConfigPaths.resolve(config.passwordFile(), properties), config.user());
    }

    /** Jolokia answers requests from any web origin unless its policy restricts them with strict checking. */
    private static void warnIfPolicyAllowsAnyOrigin(String policy) {
        if (!policy.startsWith("file:")) {
            return;
        }
        try {
            String text = Files.readString(Path.of(URI.create(policy)), StandardCharsets.UTF_8);
            if (!text.contains("<strict-checking")) {
                LOG.log(Level.WARNING, "SECURITY: access policy {0} has no <cors> with <strict-checking/>: a web page"
                        + " in a browser that holds the credentials can run gost4j operations", policy);
            }
        } catch (IOException | RuntimeException e) {
            // unreadable: Jolokia then denies every request, and says so
        }
    }

    private static String hostForUrl(InetSocketAddress address) {
        String host = address.getAddress().getHostAddress();
        return host.contains(":") ? "[" + host + "]" : host;
    }
}
