package org.gost4j.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.Test;

/**
 * Issue 20.2, JConsole from another machine: a JMX client in the client's namespace reaches the server's remote
 * JMX over TLS on two fixed ports. Without {@code gost4j.jmxremote.cfg} nothing listens; dropping the file into
 * the running appliance's {@code config/} starts it; a wrong password is refused; the right one lists
 * {@code gost4j:*} and runs {@code disconnectPeer} (but no operation outside gost4j); deleting the file stops it.
 */
public class RemoteJmxEndToEndTest extends NetnsTestSupport {

    private static final int REGISTRY_PORT = 9875;
    private static final int SERVER_PORT = 9876;
    private static final String USER = "operator";
    private static final String PASSWORD = "jmx-e2e-password";
    private static final String STORE_PASSWORD = "store-password";
    private static final String URL = "service:jmx:rmi:///jndi/rmi://10.200.0.1:" + REGISTRY_PORT + "/jmxrmi";

    @Override
    protected String[] requiredCommands() {
        return new String[] {"ss"};
    }

    @Test(timeout = 150_000)
    public void jmxClientFromAnotherNamespaceLogsInOverTlsListsAndDisconnectsAPeer() throws Exception {
        PrivateHome home = PrivateHome.create(lab.workDir(), Set.of(), Map.of("management.passwords",
                USER + " " + PASSWORD + "\n"));
        Path config = home.path().resolve("config");
        Files.setPosixFilePermissions(config.resolve("management.passwords"), PosixFilePermissions.fromString("rw-------"));
        Path trustStore = keyStores(config);

        Appliance server = appliance(home.path(), SRV, "tun0", "-L", SERVER_URL);
        appliance(CLI, "-L", CLIENT_URL);
        assertPing(CLI, SRV_TUN_IP, Duration.ofSeconds(10));
        assertFalse("remote JMX listens without its configuration", listening());

        Files.writeString(config.resolve("gost4j.jmxremote.cfg"), "host = 0.0.0.0\n"
                + "registryPort = " + REGISTRY_PORT + "\n"
                + "serverPort = " + SERVER_PORT + "\n"
                + "hostname = 10.200.0.1\n"
                + "passwordFile = management.passwords\n"
                + "tls = true\n"
                + "keyStore = jmx-keystore.p12\n"
                + "keyStorePassword = " + STORE_PASSWORD + "\n");
        server.awaitLog("Remote JMX on ", 1, Duration.ofSeconds(20));
        assertTrue(listening());

        Netns.Result refused = probe(trustStore, "wrong-password");
        assertEquals(refused.toString(), 3, refused.exitCode());
        assertTrue(refused.output(), refused.output().contains("refused Authentication failed"));

        Netns.Result session = probe(trustStore, PASSWORD,
                "gost4j:type=service,name=service-0", "disconnectPeer", CLI_TUN_IP,
                "java.lang:type=Memory", "gc", "x");
        assertTrue(session.toString(), session.ok());
        String out = session.output();
        assertTrue(out, out.contains("connected"));
        assertTrue(out, out.contains("mbean gost4j:type=service,name=service-0"));
        assertTrue(out, out.contains("mbean gost4j:type=device,name=tun0"));
        assertTrue("disconnectPeer did not run: " + out, out.contains("result true"));
        assertTrue("an operation outside gost4j ran: " + out,
                out.contains("refused invoke is allowed on gost4j:* only"));

        Files.delete(config.resolve("gost4j.jmxremote.cfg"));
        server.awaitLog("Remote JMX stopped", 1, Duration.ofSeconds(20));
        assertFalse("remote JMX still listens after its configuration was deleted", listening());
        assertAlive(server);
    }

    /** The server's key store in {@code config/}, and a trust store with its certificate for the client. */
    private Path keyStores(Path config) throws IOException, InterruptedException {
        Path keyStore = config.resolve("jmx-keystore.p12");
        Path certificate = lab.workDir().resolve("gost4j-jmx.pem");
        Path trustStore = lab.workDir().resolve("trust.p12");
        keytool("-genkeypair", "-alias", "gost4j", "-keyalg", "EC", "-groupname", "secp256r1", "-dname",
                "CN=10.200.0.1", "-ext", "SAN=ip:10.200.0.1", "-validity", "30", "-keystore", keyStore.toString(),
                "-storetype", "PKCS12", "-storepass", STORE_PASSWORD);
        keytool("-exportcert", "-rfc", "-alias", "gost4j", "-keystore", keyStore.toString(), "-storepass",
                STORE_PASSWORD, "-file", certificate.toString());
        keytool("-importcert", "-noprompt", "-alias", "gost4j", "-file", certificate.toString(), "-keystore",
                trustStore.toString(), "-storepass", "changeit");
        return trustStore;
    }

    private static void keytool(String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "keytool").toString()));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertEquals("keytool " + String.join(" ", args) + ": " + out, 0, p.waitFor());
    }

    private Netns.Result probe(Path trustStore, String password, String... calls) {
        List<String> cmd = new ArrayList<>(List.of(TestEnv.java(),
                "-Djavax.net.ssl.trustStore=" + trustStore, "-Djavax.net.ssl.trustStorePassword=changeit",
                TestEnv.root().resolve("itests/src/test/resources/probes/JmxProbe.java").toString(),
                URL, USER, password));
        cmd.addAll(List.of(calls));
        return lab.exec(CLI, Duration.ofSeconds(60), cmd.toArray(String[]::new));
    }

    private boolean listening() {
        String sockets = lab.exec(SRV, Duration.ofSeconds(5), "ss", "-H", "-l", "-t", "-n").output();
        boolean registry = sockets.contains(":" + REGISTRY_PORT + " ");
        boolean server = sockets.contains(":" + SERVER_PORT + " ");
        assertEquals("registry and connector listen together: " + sockets, registry, server);
        return registry;
    }
}
