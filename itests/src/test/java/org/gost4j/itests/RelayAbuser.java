package org.gost4j.itests;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;

/**
 * Abusive clients of a relay+tls server (GOST's relay protocol), until a deadline: one thread cycling through bad
 * requests (not TLS, bad version, wrong or no credentials, targets outside the allow-list, BIND, unknown command),
 * threads holding sessions the server must cut (authenticated sessions left idle, TLS without a request, a
 * truncated request) and, every {@value #BURST_PERIOD_SECONDS} s, a burst of connections beyond the per-source cap.
 * An OK answer to a bad request, or a held session the server does not cut in time, is a {@link AbuseTally#breach}.
 */
final class RelayAbuser {

    private static final int BURST = 40;
    private static final int BURST_PERIOD_SECONDS = 20;
    private static final int ANSWER_TIMEOUT_MILLIS = 5000;
    /** What the server gets beyond its timeouts to cut a session, on a busy machine. */
    private static final int CUT_GRACE_MILLIS = 15_000;

    private final InetSocketAddress relay;
    private final String user;
    private final String password;
    private final int tunnelPort;
    private final long idleMillis;
    private final long handshakeMillis;
    private final long deadlineNanos;
    private final AbuseTally tally;
    private final SSLContext tls;

    RelayAbuser(InetSocketAddress relay, String user, String password, int tunnelPort, long idleMillis,
            long handshakeMillis, long deadlineNanos, AbuseTally tally) throws GeneralSecurityException {
        this.relay = relay;
        this.user = user;
        this.password = password;
        this.tunnelPort = tunnelPort;
        this.idleMillis = idleMillis;
        this.handshakeMillis = handshakeMillis;
        this.deadlineNanos = deadlineNanos;
        this.tally = tally;
        this.tls = SSLContext.getInstance("TLS");
        tls.init(null, new TrustManager[] {new TrustAnyone()}, null);
    }

    /** The threads of every kind of abuse; each ends at the deadline (a held session when it is cut, at the latest). */
    List<Thread> threads() {
        List<Thread> threads = new ArrayList<>();
        threads.add(new Thread(this::badRequests, "relay-bad-requests"));
        for (int i = 0; i < 4; i++) {
            threads.add(new Thread(() -> hold("relay-idle-session", true, idleMillis), "relay-idle-" + i));
        }
        for (int i = 0; i < 2; i++) {
            threads.add(new Thread(() -> hold("relay-tls-no-request", false, handshakeMillis), "relay-silent-" + i));
            threads.add(new Thread(this::holdTruncated, "relay-truncated-" + i));
        }
        threads.add(new Thread(this::bursts, "relay-bursts"));
        return threads;
    }

    private boolean running() {
        return System.nanoTime() < deadlineNanos;
    }

    private void badRequests() {
        String auth = auth(user, password);
        String tunnel = tunnelTarget();
        String[][] kinds = {
            {"relay-bad-version", request("0281", auth + tunnel)},
            {"relay-wrong-password", request("0181", auth(user, "not-" + password) + tunnel)},
            {"relay-no-credentials", request("0181", tunnel)},
            {"relay-forbidden-udp-port", request("0181", auth + ipv4Target("0ac80001", 53))},
            {"relay-forbidden-tcp-tunnel", request("0101", auth + tunnel)},
            {"relay-forbidden-jolokia", request("0101", auth + ipv4Target("7f000001", 8778))},
            {"relay-forbidden-udp-loopback", request("0181", auth + ipv4Target("7f000001", tunnelPort + 1))},
            {"relay-bind", request("0102", auth + tunnel)},
            {"relay-unknown-command", request("0105", auth + tunnel)},
        };
        while (running()) {
            notTls();
            for (String[] kind : kinds) {
                requestOnce(kind[0], kind[1]);
            }
            pause(300);
        }
    }

    private void notTls() {
        try (Socket socket = new Socket()) {
            socket.connect(relay, ANSWER_TIMEOUT_MILLIS);
            socket.setSoTimeout(ANSWER_TIMEOUT_MILLIS);
            socket.getOutputStream().write("GET / HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            int read = socket.getInputStream().read();
            tally.count("relay-not-tls", read < 0 ? "closed" : "answered");
        } catch (IOException e) {
            tally.count("relay-not-tls", "closed");
        }
    }

    /** Sends one request and expects any answer but OK (status 0). */
    private void requestOnce(String kind, String hex) {
        try (SSLSocket socket = connectTls()) {
            socket.getOutputStream().write(HexFormat.of().parseHex(hex));
            socket.getOutputStream().flush();
            byte[] answer = socket.getInputStream().readNBytes(4);
            if (answer.length == 4 && answer[1] == 0) {
                tally.breach(kind, "answered OK: " + HexFormat.of().formatHex(answer));
            } else {
                tally.count(kind, answer.length == 4 ? "refused-status-" + answer[1] : "closed");
            }
        } catch (IOException e) {
            tally.count(kind, "closed"); // e.g. refused at the per-source cap during a burst
        }
    }

    /**
     * Holds a session until the server cuts it: authenticated with a relay to the tunnel port and then idle
     * ({@code authenticate}), or TLS without a request; the server must close it within {@code limitMillis} (plus
     * a grace for a busy machine).
     */
    private void hold(String kind, boolean authenticate, long limitMillis) {
        String request = request("0181", auth(user, password) + tunnelTarget());
        while (running()) {
            try (SSLSocket socket = connectTls()) {
                InputStream in = socket.getInputStream();
                long t0 = System.nanoTime();
                if (authenticate) {
                    socket.getOutputStream().write(HexFormat.of().parseHex(request));
                    socket.getOutputStream().flush();
                    byte[] answer = in.readNBytes(4);
                    if (answer.length < 4 || answer[1] != 0) {
                        tally.count(kind, "refused"); // at the per-source cap during a burst
                        pause(500);
                        continue;
                    }
                } else {
                    socket.startHandshake();
                }
                awaitCut(kind, socket, in, t0, limitMillis);
            } catch (IOException e) {
                tally.count(kind, "closed");
                pause(500);
            }
        }
    }

    /** TLS, then 3 of the 32 feature bytes announced, then nothing: the handshake deadline must cut it. */
    private void holdTruncated() {
        while (running()) {
            try (SSLSocket socket = connectTls()) {
                long t0 = System.nanoTime();
                socket.getOutputStream().write(HexFormat.of().parseHex("01810020" + "010002"));
                socket.getOutputStream().flush();
                awaitCut("relay-truncated-request", socket, socket.getInputStream(), t0, handshakeMillis);
            } catch (IOException e) {
                tally.count("relay-truncated-request", "closed");
                pause(500);
            }
        }
    }

    private void awaitCut(String kind, Socket socket, InputStream in, long t0, long limitMillis) throws IOException {
        socket.setSoTimeout((int) (limitMillis + CUT_GRACE_MILLIS));
        try {
            while (in.read() >= 0) {
                // a WebSocket close or relay bytes would come here; relay+tls just closes
            }
            tally.count(kind, "cut-by-server");
        } catch (SocketTimeoutException e) {
            tally.breach(kind, "not cut within " + (System.nanoTime() - t0) / 1_000_000 + " ms (limit " + limitMillis
                    + " ms)");
        } catch (IOException e) {
            tally.count(kind, "cut-by-server");
        }
    }

    /** Plain TCP connections beyond the per-source cap, held 2 s: the server must close those beyond it at once. */
    private void bursts() {
        while (running()) {
            pause(BURST_PERIOD_SECONDS * 1000L);
            List<Socket> sockets = new ArrayList<>();
            try {
                for (int i = 0; i < BURST; i++) {
                    Socket socket = new Socket();
                    sockets.add(socket);
                    socket.connect(relay, ANSWER_TIMEOUT_MILLIS);
                }
                pause(2000);
                for (Socket socket : sockets) {
                    socket.setSoTimeout(1);
                    try {
                        tally.count("relay-burst-connection", socket.getInputStream().read() < 0 ? "closed-at-once"
                                : "answered");
                    } catch (SocketTimeoutException e) {
                        tally.count("relay-burst-connection", "admitted");
                    } catch (IOException e) {
                        tally.count("relay-burst-connection", "closed-at-once");
                    }
                }
            } catch (IOException e) {
                tally.count("relay-burst-connection", "connect-failed");
            } finally {
                for (Socket socket : sockets) {
                    try {
                        socket.close();
                    } catch (IOException ignored) {
                        // closing
                    }
                }
            }
        }
    }

    private SSLSocket connectTls() throws IOException {
        Socket plain = new Socket();
        plain.connect(relay, ANSWER_TIMEOUT_MILLIS);
        plain.setSoTimeout(ANSWER_TIMEOUT_MILLIS);
        SSLSocket socket = (SSLSocket) tls.getSocketFactory().createSocket(plain, relay.getHostString(),
                relay.getPort(), true);
        socket.setUseClientMode(true);
        return socket;
    }

    /** {@code VER CMD/FLAGS FEALEN FEATURES}, from the version and command bytes and the features, in hex. */
    private static String request(String versionAndCommand, String features) {
        return versionAndCommand + length(features) + features;
    }

    /** The address feature for {@code udp :PORT} (a name, empty: the relay's own host), the one allowed target. */
    private String tunnelTarget() {
        return "020004" + "0300" + port(tunnelPort);
    }

    /** The address feature for an IPv4 address (8 hex digits) and port. */
    private static String ipv4Target(String ipHex, int port) {
        return "020007" + "01" + ipHex + port(port);
    }

    /** The user/password feature: type 1, length, ULEN USER PLEN PASS. */
    private static String auth(String user, String password) {
        byte[] u = user.getBytes(StandardCharsets.UTF_8);
        byte[] p = password.getBytes(StandardCharsets.UTF_8);
        ByteArrayOutputStream data = new ByteArrayOutputStream();
        data.write(u.length);
        data.writeBytes(u);
        data.write(p.length);
        data.writeBytes(p);
        String hex = HexFormat.of().formatHex(data.toByteArray());
        return "01" + length(hex) + hex;
    }

    /** The 2-byte length of some hex text's bytes. */
    private static String length(String hex) {
        return String.format("%04x", hex.length() / 2);
    }

    private static String port(int port) {
        return String.format("%04x", port);
    }

    private void pause(long millis) {
        long left = Math.min(millis, Math.max(0, (deadlineNanos - System.nanoTime()) / 1_000_000));
        try {
            Thread.sleep(left);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The test's own relay has a self-made certificate; trusting it blindly is what an attacker does too. */
    private static final class TrustAnyone implements X509TrustManager {
        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) {
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) {
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
        }
    }
}
