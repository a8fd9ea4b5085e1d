package org.gost4j.management.internal.jmx;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.lang.reflect.Proxy;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.security.KeyStore;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;

import javax.management.ObjectName;
import javax.management.remote.JMXConnector;
import javax.management.remote.JMXConnectorFactory;
import javax.management.remote.JMXServiceURL;

import org.junit.After;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/**
 * The remote JMX endpoint on real RMI sockets on loopback: its users get in and nobody else, and a configuration
 * it cannot serve is refused with one log line that says what to mend, with nothing left listening.
 */
public class RemoteJmxEndpointTest {

    private static final Logger LOG = Logger.getLogger(RemoteJmxEndpoint.class.getName());

    @Rule
    public final TemporaryFolder folder = new TemporaryFolder();

    private final List<String> lines = new CopyOnWriteArrayList<>();
    private final Handler capture = new Handler() {
        private final SimpleFormatter formatter = new SimpleFormatter();

        @Override
        public void publish(LogRecord record) {
            lines.add(record.getLevel() + " " + formatter.formatMessage(record));
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };
    private RemoteJmxEndpoint endpoint;
    private int registryPort;
    private int serverPort;

    @Before
    public void captureLog() throws IOException {
        LOG.addHandler(capture);
        registryPort = freePort();
        serverPort = freePort();
    }

    @After
    public void stop() throws InterruptedException {
        if (endpoint != null) {
            endpoint.deactivate();
        }
        LOG.removeHandler(capture);
    }

    @Test(timeout = 30_000)
    public void theUsersOfThePasswordFileGetInAndNobodyElse() throws Exception {
        start(Map.of("tls", false));
        String password = Files.readAllLines(folder.getRoot().toPath().resolve("management.passwords")).stream()
                .filter(line -> line.startsWith("gost4j ")).findFirst().orElseThrow().split(" ")[1];
        JMXServiceURL url = new JMXServiceURL("service:jmx:rmi:///jndi/rmi://127.0.0.1:" + registryPort + "/jmxrmi");

        try (JMXConnector connector = JMXConnectorFactory.connect(url,
                Map.of(JMXConnector.CREDENTIALS, new String[] {"gost4j", password}))) {
            assertTrue(connector.getMBeanServerConnection().isRegistered(new ObjectName("java.lang:type=Runtime")));
        }
        assertThrows(SecurityException.class, () -> JMXConnectorFactory.connect(url,
                Map.of(JMXConnector.CREDENTIALS, new String[] {"gost4j", password + "x"})).close());
    }

    @Test(timeout = 30_000)
    public void aMissingKeyStoreIsNamedInOneLine() throws Exception {
        start(Map.of("keyStore", "jmx-keystore.p12", "keyStorePassword", "secret"));

        String error = onlyError();
        assertTrue(error, error.contains("keyStore " + folder.getRoot().toPath().resolve("jmx-keystore.p12")));
        assertTrue(error, error.contains("keytool"));
        assertNothingListens();
    }

    @Test(timeout = 30_000)
    public void aWrongKeyStorePasswordNamesTheKeyStore() throws Exception {
        KeyStore keys = KeyStore.getInstance("PKCS12");
        keys.load(null, null);
        try (OutputStream out = Files.newOutputStream(folder.getRoot().toPath().resolve("jmx-keystore.p12"))) {
            keys.store(out, "right".toCharArray());
        }
        start(Map.of("keyStore", "jmx-keystore.p12", "keyStorePassword", "wrong"));

        String error = onlyError();
        assertTrue(error, error.contains("keyStore " + folder.getRoot().toPath().resolve("jmx-keystore.p12")));
        assertNothingListens();
    }

    @Test(timeout = 30_000)
    public void withoutTlsOnlyLoopbackIsAllowed() throws Exception {
        start(Map.of("host", "0.0.0.0", "tls", false));

        String error = onlyError();
        assertTrue(error, error.contains("tls = false is allowed only on a loopback host"));
        assertNothingListens();
    }

    /** Activates with the given settings over the defaults, its .cfg in the test's folder, and waits for it. */
    private void start(Map<String, Object> settings) throws InterruptedException {
        Map<String, Object> values = new HashMap<>(settings);
        values.putIfAbsent("registryPort", registryPort);
        values.putIfAbsent("serverPort", serverPort);
        RemoteJmxConfig config = (RemoteJmxConfig) Proxy.newProxyInstance(RemoteJmxConfig.class.getClassLoader(),
                new Class<?>[] {RemoteJmxConfig.class},
                (proxy, method, args) -> values.getOrDefault(method.getName(), method.getDefaultValue()));
        endpoint = new RemoteJmxEndpoint();
        endpoint.activate(config, Map.of("felix.fileinstall.filename",
                folder.getRoot().toPath().resolve("gost4j.jmxremote.cfg").toUri().toString()));
        long deadline = System.nanoTime() + 20_000_000_000L;
        while (lines.stream().noneMatch(line -> line.contains("Remote JMX on ") || line.startsWith("SEVERE"))
                && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
    }

    private String onlyError() {
        List<String> errors = lines.stream().filter(line -> line.startsWith("SEVERE")).toList();
        assertEquals("one error line: " + lines, 1, errors.size());
        String error = errors.get(0);
        assertTrue(error, error.startsWith("SEVERE Remote JMX not started: "));
        assertFalse("one line: " + error, error.contains("\n"));
        return error;
    }

    private void assertNothingListens() {
        for (int port : new int[] {registryPort, serverPort}) {
            assertThrows("port " + port, IOException.class, () -> new Socket("127.0.0.1", port).close());
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
