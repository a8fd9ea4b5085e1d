package org.gost4j.chain.relay.internal;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;

import javax.net.ssl.KeyManagerFactory;

/**
 * A self-signed certificate made at start, as GOST does when given none. The JDK has no public API to create
 * certificates (Netty's SelfSignedCertificate needs BouncyCastle or JDK internals), but every JDK ships
 * {@code keytool}: it writes a throwaway PKCS#12 key store, which is loaded and deleted at once.
 */
final class SelfSignedKeyStore {

    private static final long KEYTOOL_SECONDS = 60;

    private SelfSignedKeyStore() {
    }

    /** @param workDir a private directory for the short-lived key store file */
    static KeyManagerFactory create(Path workDir, String commonName) throws IOException, GeneralSecurityException {
        byte[] random = new byte[18];
        new SecureRandom().nextBytes(random);
        char[] password = Base64.getUrlEncoder().withoutPadding().encodeToString(random).toCharArray();
        Files.createDirectories(workDir);
        Path file = Files.createTempFile(workDir, "relay-", ".p12");
        Files.delete(file); // keytool refuses to add to an empty file that is not a key store
        try {
            runKeytool(List.of(keytool(), "-genkeypair", "-alias", "gost4j", "-keyalg", "EC", "-groupname",
                    "secp256r1", "-sigalg", "SHA256withECDSA", "-dname", "CN=" + commonName, "-ext",
                    "SAN=dns:localhost,ip:127.0.0.1", "-validity", "3650", "-storetype", "PKCS12", "-keystore",
                    file.toString(), "-storepass", new String(password), "-keypass", new String(password)));
            KeyStore store = KeyStore.getInstance("PKCS12");
            try (InputStream in = Files.newInputStream(file)) {
                store.load(in, password);
            }
            KeyManagerFactory factory = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            factory.init(store, password);
            return factory;
        } finally {
            Files.deleteIfExists(file);
        }
    }

    private static String keytool() {
        Path tool = Path.of(System.getProperty("java.home"), "bin", "keytool");
        return Files.isExecutable(tool) ? tool.toString() : "keytool";
    }

    private static void runKeytool(List<String> command) throws IOException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        try {
            if (!process.waitFor(KEYTOOL_SECONDS, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IOException("keytool did not finish within " + KEYTOOL_SECONDS + " s");
            }
            String output = new String(process.getInputStream().readAllBytes()).strip();
            if (process.exitValue() != 0) {
                throw new IOException("keytool failed (exit " + process.exitValue() + "): " + output);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while generating a certificate", e);
        }
    }
}
