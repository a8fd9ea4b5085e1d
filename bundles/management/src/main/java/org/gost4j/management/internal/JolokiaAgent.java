package org.gost4j.management.internal;

import java.util.Map;

import org.jolokia.jvmagent.JolokiaServerConfig;
import org.jolokia.jvmagent.handler.JolokiaHttpHandler;
import org.jolokia.server.core.config.Configuration;
import org.jolokia.server.core.config.SystemPropertyMode;
import org.jolokia.server.core.restrictor.RestrictorFactory;
import org.jolokia.server.core.service.JolokiaServiceManagerFactory;
import org.jolokia.server.core.service.api.JolokiaContext;
import org.jolokia.server.core.service.api.JolokiaServiceManager;
import org.jolokia.server.core.service.impl.ClasspathServiceCreator;
import org.jolokia.server.core.util.jmx.DefaultMBeanServerAccess;

import com.sun.net.httpserver.HttpHandler;

/**
 * Jolokia's request handling over the platform MBeanServer: the pieces of its JVM agent without its HTTP server,
 * which we run ourselves ({@code ManagementHttpServer}). Its own server ran a single thread without timeouts,
 * added a JVM shutdown hook and a thread group per start, and could be stopped before its start thread ran, which
 * left the port bound.
 */
final class JolokiaAgent {

    /**
     * Services of the shaded agent we never want: JSR-160 proxy mode (it would make the appliance connect to any
     * JMX URL a request names), discovery (multicast), the history store and the notification backend.
     */
    static final String DISABLED_SERVICES = String.join(",",
            "org.jolokia.service.jsr160.Jsr160RequestHandler",
            "org.jolokia.service.discovery.JolokiaDiscovery",
            "org.jolokia.service.discovery.DiscoveryMulticastResponder",
            "org.jolokia.service.history.HistoryMBeanRequestInterceptor",
            "org.jolokia.service.notif.pull.PullNotificationBackend");

    private final JolokiaServiceManager services;
    private final JolokiaContext context;
    private final HttpHandler handler;

    private JolokiaAgent(JolokiaServiceManager services, JolokiaContext context) {
        this.services = services;
        this.context = context;
        this.handler = new JolokiaHttpHandler(context);
    }

    /**
     * Call with this bundle's class loader as the thread's context class loader: Jolokia finds its services there.
     *
     * @param settings Jolokia options (agentContext, policyLocation, ...); JVM system properties and
     *        {@code JOLOKIA_*} environment variables are ignored, they may belong to another agent in the JVM
     * @param url the endpoint's URL, as the {@code version} command reports it
     */
    static JolokiaAgent start(Map<String, String> settings, String url) {
        Configuration config = new JolokiaServerConfig(settings, SystemPropertyMode.NEVER).getJolokiaConfig();
        JolokiaLog log = new JolokiaLog();
        JolokiaServiceManager services = JolokiaServiceManagerFactory.createJolokiaServiceManager(config, log,
                RestrictorFactory.createRestrictor(config, log), null);
        services.addServices(new ClasspathServiceCreator(JolokiaServerConfig.class.getClassLoader(), "services"));
        JolokiaContext context = services.start();
        context.getAgentDetails().updateAgentParameters(url, true);
        return new JolokiaAgent(services, context);
    }

    HttpHandler handler() {
        return handler;
    }

    void stop() {
        services.stop();
        // Jolokia 2.6 never removes the MBean registration listeners it adds to the MBeanServer delegates, and
        // the platform MBeanServer then held this bundle's class loader after every stop (issue 16.6).
        if (context.getMBeanServerAccess() instanceof DefaultMBeanServerAccess access) {
            access.unregisterFromMBeanNotifications();
        }
    }
}
