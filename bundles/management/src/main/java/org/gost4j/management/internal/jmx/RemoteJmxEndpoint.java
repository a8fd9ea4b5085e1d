package org.gost4j.management.internal.jmx;

import java.io.IOException;
import java.io.InputStream;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.rmi.NoSuchObjectException;
import java.rmi.registry.LocateRegistry;
import java.rmi.registry.Registry;
import java.rmi.server.RMIClientSocketFactory;
import java.rmi.server.UnicastRemoteObject;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.util.Map;
import java.util.function.Supplier;

import javax.management.remote.JMXConnectorServer;
import javax.management.remote.JMXServiceURL;
import javax.management.remote.rmi.RMIConnectorServer;
import javax.management.remote.rmi.RMIJRMPServerImpl;
import javax.net.ServerSocketFactory;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.rmi.ssl.SslRMIClientSocketFactory;

import org.gost4j.management.internal.ConfigPaths;
import org.gost4j.management.internal.ServerLifecycle;
import org.gost4j.management.internal.credentials.Credentials;
import org.gost4j.management.internal.credentials.WatchedPasswordFile;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.metatype.annotations.Designate;

/**
 * Remote JMX for JConsole on another machine: an RMI registry and the RMI connector on two fixed ports (so a
 * firewall can let them through), users from the management password file, TLS on the connector, and writes
 * only on gost4j's MBeans ({@link GostWritesOnly}). Without TLS it binds only to a loopback address, for an SSH
 * tunnel. Nothing listens unless PID {@code gost4j.jmxremote} is configured.
 *
 * <p>Built from {@code javax.management.remote} in this bundle rather than the JDK's JVM-wide agent
 * ({@code com.sun.management.jmxremote.*}), so it starts and stops with the bundle, also embedded in Karaf or
 * Equinox. The one JVM-wide setting RMI offers for the address in its stubs, {@code java.rmi.server.hostname}, is
 * set while it runs (and only if nothing else set it to another value). It starts and stops on its own
 * {@link ServerLifecycle} thread. Without {@code @Modified}, a changed configuration restarts it.
 */
@Component(configurationPid = RemoteJmxEndpoint.PID, configurationPolicy = ConfigurationPolicy.REQUIRE,
        immediate = true, service = {})
@Designate(ocd = RemoteJmxConfig.class)
public final class RemoteJmxEndpoint {

    static final String PID = "gost4j.jmxremote";
    static final String NAME = "jmxrmi";
    private static final String HOSTNAME_PROPERTY = "java.rmi.server.hostname";
    /** The user a new password file is created for, as the Jolokia endpoint does. */
    private static final String DEFAULT_USER = "gost4j";

    private static final Logger LOG = System.getLogger(RemoteJmxEndpoint.class.getName());

    private final ServerLifecycle lifecycle = new ServerLifecycle("gost4j-jmxremote-lifecycle");
    /** Touched on the lifecycle thread only. */
    private Registry registry;
    private RMIConnectorServer connector;
    private String hostnameWeSet;

    @Activate
    void activate(RemoteJmxConfig config, Map<String, Object> properties) {
        lifecycle.execute(() -> {
            try {
                JdkFirstUse.initializeJmxServiceUrl();
                start(config, properties);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (IOException | GeneralSecurityException | IllegalArgumentException e) {
                LOG.log(Level.ERROR, "Remote JMX not started: " + e.getMessage());
                stop();
            }
        });
    }

    @Deactivate
    void deactivate() throws InterruptedException {
        lifecycle.close(this::stop);
    }

    private void start(RemoteJmxConfig config, Map<String, Object> properties)
            throws IOException, GeneralSecurityException {
        InetAddress address = InetAddress.getByName(config.host().strip());
        checkPorts(config);
        if (!config.tls() && !address.isLoopbackAddress()) {
            throw new IllegalArgumentException("tls = false is allowed only on a loopback host (for an SSH tunnel),"
                    + " not on " + config.host());
        }
        Supplier<Credentials> users = WatchedPasswordFile.open(ConfigPaths.resolve(config.passwordFile(), properties),
                DEFAULT_USER);
        ServerSocketFactory sockets = config.tls() ? tls(config, properties).getServerSocketFactory()
                : ServerSocketFactory.getDefault();
        RMIClientSocketFactory clientSockets = config.tls() ? new SslRMIClientSocketFactory() : null;
        String hostname = claimHostname(config, address);

        Map<String, Object> environment = Map.of(JMXConnectorServer.AUTHENTICATOR, new PasswordAuthenticator(users));
        // RMI remembers the context class loader of the exporting thread for every call it dispatches; the
        // platform loader sees every type JMX sends (javax.management, open types) and never this bundle.
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        thread.setContextClassLoader(ClassLoader.getPlatformClassLoader());
        try {
            registry = LocateRegistry.createRegistry(config.registryPort(), null,
                    ServerSockets.boundTo(address, ServerSocketFactory.getDefault()));
            RMIJRMPServerImpl server = new RMIJRMPServerImpl(config.serverPort(), clientSockets,
                    ServerSockets.boundTo(address, sockets), environment);
            connector = new RMIConnectorServer(new JMXServiceURL("rmi", hostname, config.serverPort()), environment,
                    server, ManagementFactory.getPlatformMBeanServer());
            connector.setMBeanServerForwarder(GostWritesOnly.create());
            connector.start();
            registry.rebind(NAME, server.toStub());
        } finally {
            thread.setContextClassLoader(previous);
        }
        LOG.log(Level.INFO, "Remote JMX on service:jmx:rmi:///jndi/rmi://{0}:{1,number,#}/{2} (connector port {3,number,#},"
                + " {4}, bound to {5}, users {6})", hostname == null ? "<this host>" : hostname, config.registryPort(),
                NAME, config.serverPort(), config.tls() ? "TLS" : "no TLS", address.getHostAddress(),
                users.get().users());
    }

    private void stop() {
        boolean running = connector != null || registry != null;
        if (connector != null) {
            try {
                connector.stop();
            } catch (IOException e) {
                LOG.log(Level.WARNING, "Remote JMX connector did not stop cleanly: " + e);
            }
            connector = null;
        }
        if (registry != null) {
            try {
                UnicastRemoteObject.unexportObject(registry, true);
            } catch (NoSuchObjectException e) {
                // already gone
            }
            registry = null;
        }
        if (hostnameWeSet != null) {
            if (hostnameWeSet.equals(System.getProperty(HOSTNAME_PROPERTY))) {
                System.clearProperty(HOSTNAME_PROPERTY);
            }
            hostnameWeSet = null;
        }
        if (running) {
            LOG.log(Level.INFO, "Remote JMX stopped");
        }
    }

    private static void checkPorts(RemoteJmxConfig config) {
        for (int port : new int[] {config.registryPort(), config.serverPort()}) {
            if (port < 1 || port > 65535) {
                throw new IllegalArgumentException("port " + port + " is not in 1..65535");
            }
        }
        if (config.registryPort() == config.serverPort()) {
            throw new IllegalArgumentException("registryPort and serverPort must differ");
        }
    }

    /**
     * The name RMI writes into its stubs, which clients then connect to: {@code hostname}, or the bound address.
     * RMI reads it from the JVM-wide {@code java.rmi.server.hostname} only, so it is set there unless it already
     * holds the same value; another value belongs to someone else and is not overwritten.
     *
     * @return the name, or null for RMI's own choice (a wildcard host without hostname)
     */
    private String claimHostname(RemoteJmxConfig config, InetAddress address) {
        String hostname = config.hostname().isBlank()
                ? (address.isAnyLocalAddress() ? null : address.getHostAddress()) : config.hostname().strip();
        if (hostname == null) {
            return System.getProperty(HOSTNAME_PROPERTY);
        }
        String current = System.getProperty(HOSTNAME_PROPERTY);
        if (current == null) {
            System.setProperty(HOSTNAME_PROPERTY, hostname);
            hostnameWeSet = hostname;
        } else if (!current.equals(hostname)) {
            throw new IllegalArgumentException("this JVM already names itself " + current + " to RMI clients ("
                    + HOSTNAME_PROPERTY + "), not " + hostname + ": set hostname = " + current + " or remove the other");
        }
        return hostname;
    }

    private static SSLContext tls(RemoteJmxConfig config, Map<String, Object> properties)
            throws IOException, GeneralSecurityException {
        if (config.keyStore().isBlank()) {
            throw new IllegalArgumentException("tls needs keyStore (a key store with the server's key and certificate)");
        }
        ConfigPaths.warnIfOthersMayRead(properties); // it holds keyStorePassword
        Path file = ConfigPaths.resolve(config.keyStore().strip(), properties);
        if (!Files.isReadable(file)) {
            throw new IllegalArgumentException("keyStore " + file + " is not a readable file: make one with the keytool"
                    + " command in gost4j.jmxremote.cfg.example");
        }
        char[] password = config.keyStorePassword().toCharArray();
        KeyStore keys = KeyStore.getInstance(config.keyStoreType());
        try (InputStream in = Files.newInputStream(file)) {
            keys.load(in, password);
        } catch (IOException | GeneralSecurityException e) {
            // the JDK's messages name neither the file nor the settings to check ("Too short", "keystore password
            // was incorrect")
            throw new IllegalArgumentException("keyStore " + file + " cannot be read as " + config.keyStoreType()
                    + " with keyStorePassword: " + e.getMessage());
        }
        KeyManagerFactory managers = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        managers.init(keys, password);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(managers.getKeyManagers(), null, null);
        return context;
    }
}
