package org.gost4j.chain.relay.internal;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.gost4j.api.io.PacketBatch;
import org.gost4j.api.transport.DatagramEndpoint;

/** What the relay tests share: server settings, a UDP echo target, a round trip, captured log lines. */
final class TestRelays {

    static final String USERS = "alice:s3cret";

    private TestRelays() {
    }

    private static Path certificateDir;

    /** A loopback relay server with user alice, the shared test certificate, 5 s handshakes, given targets. */
    static RelayServerSettings settings(RelayTransport transport, int port, String... targets) {
        return settings(transport, port, 300_000, 256, 32, targets);
    }

    static RelayServerSettings settings(RelayTransport transport, int port, long idleMillis, int max, int perSource,
            String... targets) {
        Path dir = certificate();
        return new RelayServerSettings("test", new InetSocketAddress(InetAddress.getLoopbackAddress(), port),
                transport, "/ws", false, new Users(new String[] {USERS}), dir.resolve("cert.pem").toString(),
                dir.resolve("key.pem").toString(), 5_000, List.of(targets), idleMillis, max, perSource);
    }

    /**
     * A self-signed certificate and its PKCS#8 key as PEM files, made once per test JVM (keytool takes seconds;
     * RelayLoopbackTest covers the server's own self-signed certificate).
     */
    static synchronized Path certificate() {
        if (certificateDir == null) {
            try {
                Path dir = Files.createTempDirectory("relay-test-cert");
                dir.toFile().deleteOnExit();
                Path store = dir.resolve("store.p12");
                Process keytool = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "keytool")
                        .toString(), "-genkeypair", "-alias", "test", "-keyalg", "EC", "-groupname", "secp256r1",
                        "-dname", "CN=localhost", "-ext", "SAN=dns:localhost,ip:127.0.0.1", "-validity", "2",
                        "-storetype", "PKCS12", "-keystore", store.toString(), "-storepass", "test1234")
                        .redirectErrorStream(true).start();
                keytool.getInputStream().readAllBytes();
                if (keytool.waitFor() != 0) {
                    throw new IllegalStateException("keytool failed");
                }
                java.security.KeyStore keys = java.security.KeyStore.getInstance("PKCS12");
                try (var in = Files.newInputStream(store)) {
                    keys.load(in, "test1234".toCharArray());
                }
                var encoder = java.util.Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII));
                Files.writeString(dir.resolve("cert.pem"), "-----BEGIN CERTIFICATE-----\n"
                        + encoder.encodeToString(keys.getCertificate("test").getEncoded()) + "\n-----END CERTIFICATE-----\n");
                Files.writeString(dir.resolve("key.pem"), "-----BEGIN PRIVATE KEY-----\n"
                        + encoder.encodeToString(keys.getKey("test", "test1234".toCharArray()).getEncoded())
                        + "\n-----END PRIVATE KEY-----\n");
                Files.delete(store);
                for (String f : new String[] {"cert.pem", "key.pem"}) {
                    dir.resolve(f).toFile().deleteOnExit();
                }
                certificateDir = dir;
            } catch (Exception e) {
                throw new IllegalStateException("cannot make the test certificate", e);
            }
        }
        return certificateDir;
    }

    static String node(RelayTransport transport, String userInfo, int port) {
        return transport.scheme() + "://" + userInfo + "127.0.0.1:" + port + (transport.tls() ? "?secure=false" : "");
    }

    static void delete(Path dir) throws Exception {
        try (var files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    /** Sends datagrams until one comes back (a lost one is fine while a session comes up). */
    static String roundTrip(DatagramEndpoint endpoint, String text, long millis) throws Exception {
        ExecutorService receiver = Executors.newSingleThreadExecutor();
        try {
            Future<String> reply = receiver.submit(() -> {
                PacketBatch batch = PacketBatch.allocate(1, PacketBatch.MAX_PACKET);
                endpoint.receive(batch);
                ByteBuffer datagram = batch.buffer().position(batch.offset(0)).limit(batch.offset(0) + batch.length(0));
                return StandardCharsets.UTF_8.decode(datagram).toString();
            });
            long deadline = System.currentTimeMillis() + millis;
            while (System.currentTimeMillis() < deadline) {
                endpoint.send(ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8)), null);
                try {
                    return reply.get(200, TimeUnit.MILLISECONDS);
                } catch (TimeoutException again) {
                    // not yet
                }
            }
            reply.cancel(true);
            return "(no reply within " + millis + " ms)";
        } finally {
            receiver.shutdownNow();
        }
    }

    /** A UDP echo service on loopback, the relays' target. */
    static final class UdpEcho implements AutoCloseable {
        private final DatagramChannel channel;
        private final Thread thread;

        UdpEcho() throws Exception {
            channel = DatagramChannel.open().bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            thread = new Thread(() -> {
                ByteBuffer buffer = ByteBuffer.allocate(65536);
                try {
                    while (true) {
                        buffer.clear();
                        var from = channel.receive(buffer);
                        buffer.flip();
                        channel.send(buffer, from);
                    }
                } catch (Exception stopped) {
                    // closed by the test
                }
            }, "udp-echo");
            thread.start();
        }

        InetSocketAddress address() throws Exception {
            return (InetSocketAddress) channel.getLocalAddress();
        }

        @Override
        public void close() throws Exception {
            channel.close();
            thread.join(5000);
        }
    }
}
