package org.gost4j.chain.relay.internal;

import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.gost4j.support.net.HostPort;
import org.junit.Test;

/**
 * A relay server on {@code :PORT} (empty host) takes IPv4 and IPv6 clients, as GOST's does (issue 18, item 1).
 * On this JDK a NIO socket bound to IPv4's wildcard is dual-stack too; the server binds {@code ::} itself so that it
 * does not depend on that, and this guards it.
 */
public class RelayServerListenTest {

    @Test(timeout = 30_000)
    public void anEmptyHostListensOnIpv4AndIpv6() throws Exception {
        RelayServerSettings wildcard = settings(HostPort.parse("listen", ":0", true), null);
        Path work = Files.createTempDirectory("relay-listen-test");
        try (RelayServer server = new RelayServer(wildcard, work, List::of)) {
            int port = server.localAddress().getPort();
            for (String address : new String[] {"127.0.0.1", "::1"}) {
                try (Socket socket = new Socket()) {
                    socket.connect(new InetSocketAddress(InetAddress.getByName(address), port), 5_000);
                    assertTrue(address, socket.isConnected());
                }
            }
        } finally {
            TestRelays.delete(work);
        }
    }

    /** The component logs the message as its one line: it must say which files and what they should hold. */
    @Test(timeout = 30_000)
    public void aCertificateFileWithoutACertificateIsRefusedSayingWhatItNeeds() throws Exception {
        Path work = Files.createTempDirectory("relay-listen-test");
        Path notPem = Files.writeString(work.resolve("cert.txt"), "not a certificate\n");
        try (RelayServer server = new RelayServer(settings(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
                notPem), work, List::of)) {
            fail("started with " + notPem);
        } catch (IOException e) {
            assertTrue(e.getMessage(), e.getMessage().startsWith("cannot use certificate " + notPem + " with key "));
            assertTrue(e.getMessage(), e.getMessage().contains("(PEM, the key in PKCS#8)"));
        } finally {
            TestRelays.delete(work);
        }
    }

    /** The test settings on {@code listen}, with {@code certFile} in place of the test certificate if not null. */
    private static RelayServerSettings settings(InetSocketAddress listen, Path certFile) {
        RelayServerSettings s = TestRelays.settings(RelayTransport.TLS, 0, ":*");
        return new RelayServerSettings("test", listen, s.transport(), s.path(), false, s.users(),
                certFile == null ? s.certFile() : certFile.toString(), s.keyFile(), s.handshakeMillis(), s.targets(),
                s.idleMillis(), s.maxSessions(), s.maxSessionsPerSource());
    }
}
