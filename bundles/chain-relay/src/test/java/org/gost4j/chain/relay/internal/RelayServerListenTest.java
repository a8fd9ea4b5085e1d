package org.gost4j.chain.relay.internal;

import static org.junit.Assert.assertTrue;

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
        RelayServerSettings loopback = TestRelays.settings(RelayTransport.TLS, 0, ":*");
        RelayServerSettings wildcard = new RelayServerSettings("test", HostPort.parse("listen", ":0", true),
                loopback.transport(), loopback.path(), false, loopback.users(), loopback.certFile(), loopback.keyFile(),
                loopback.handshakeMillis(), loopback.targets(), loopback.idleMillis(), loopback.maxSessions(),
                loopback.maxSessionsPerSource());
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
}
