package org.gost4j.management.internal;

import java.io.IOException;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import org.jolokia.jvmagent.JolokiaServer;
import org.jolokia.jvmagent.JolokiaServerConfig;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.metatype.annotations.Designate;

/**
 * Jolokia's JVM agent (embedded on the bundle class path, no servlet container) serving the platform MBeanServer
 * over HTTP. It refuses to start without credentials or an access policy: Jolokia without a policy allows
 * everything, including operations that can stop the JVM.
 *
 * <p>The server starts on this component's own thread: starting it takes about half a second, and done inside
 * activate it held up the configuration events behind it, so tunnels came up that much later.
 */
@Component(configurationPid = JolokiaEndpoint.PID, configurationPolicy = ConfigurationPolicy.REQUIRE, immediate = true,
        service = {})
@Designate(ocd = JolokiaConfig.class)
public final class JolokiaEndpoint {

    static final String PID = "gost4j.jolokia";

    private static final Logger LOG = System.getLogger(JolokiaEndpoint.class.getName());

    private static final long STOP_WAIT_SECONDS = 30;

    private final ExecutorService lifecycle = Executors.newSingleThreadExecutor(JolokiaEndpoint::lifecycleThread);
    /** Touched on the lifecycle thread only. */
    private JolokiaServer server;

    @Activate
    void activate(JolokiaConfig config) {
        lifecycle.execute(() -> start(config));
    }

    @Modified
    void modified(JolokiaConfig config) {
        lifecycle.execute(() -> {
            stop();
            start(config);
        });
    }

    @Deactivate
    void deactivate() throws InterruptedException {
        lifecycle.execute(this::stop);
        lifecycle.shutdown();
        if (!lifecycle.awaitTermination(STOP_WAIT_SECONDS, TimeUnit.SECONDS)) {
            lifecycle.shutdownNow();
            LOG.log(Level.WARNING, "Jolokia endpoint did not stop within {0} s", STOP_WAIT_SECONDS);
        }
    }

    private void start(JolokiaConfig config) {
        Map<String, String> settings;
        try {
            settings = settings(config);
        } catch (IllegalArgumentException e) {
            LOG.log(Level.ERROR, "Jolokia endpoint not started: " + e.getMessage());
            return;
        }
        // Jolokia finds its services through the context class loader: ours holds the embedded jar.
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        thread.setContextClassLoader(getClass().getClassLoader());
        try {
            JolokiaServer started = new JolokiaServer(new JolokiaServerConfig(settings));
            started.start();
            server = started;
            LOG.log(Level.INFO, "Jolokia endpoint on {0} (user {1}, policy {2})", started.getUrl(), config.user(),
                    config.policyLocation());
        } catch (IOException | RuntimeException e) {
            LOG.log(Level.ERROR, "Jolokia endpoint not started on " + config.host() + ":" + config.port() + ": " + e);
        } finally {
            thread.setContextClassLoader(previous);
        }
    }

    private void stop() {
        if (server != null) {
            try {
                server.stop();
            } catch (IllegalStateException e) {
                // JVM shutdown: Jolokia cannot remove its shutdown hook, which then stops the server itself
            }
            server = null;
            LOG.log(Level.INFO, "Jolokia endpoint stopped");
        }
    }

    /** A daemon: the JVM's exit never waits for it, whether or not the component was deactivated first. */
    private static Thread lifecycleThread(Runnable runnable) {
        Thread thread = new Thread(runnable, "gost4j-jolokia-lifecycle");
        thread.setDaemon(true);
        return thread;
    }

    /** @throws IllegalArgumentException when credentials or the policy are missing */
    static Map<String, String> settings(JolokiaConfig config) {
        if (config.user().isBlank() || config.password().isEmpty()) {
            throw new IllegalArgumentException("user and password are required (basic authentication is mandatory)");
        }
        String policy = config.policyLocation().trim();
        if (policy.isEmpty()) {
            throw new IllegalArgumentException("policyLocation is required");
        }
        if (policy.startsWith("file:") && !Files.isReadable(Path.of(URI.create(policy)))) {
            throw new IllegalArgumentException("access policy " + policy + " is not a readable file");
        }
        if (config.port() < 1 || config.port() > 65535) {
            throw new IllegalArgumentException("port " + config.port() + " is not in 1..65535");
        }
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("host", config.host());
        settings.put("port", Integer.toString(config.port()));
        settings.put("agentContext", config.agentContext());
        settings.put("user", config.user());
        settings.put("password", config.password());
        settings.put("policyLocation", policy);
        settings.put("discoveryEnabled", "false");
        settings.put("includeStackTrace", "false");
        settings.put("debug", "false");
        return settings;
    }
}
