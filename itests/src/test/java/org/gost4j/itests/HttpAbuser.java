package org.gost4j.itests;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * Abusive clients of the management endpoint (Jolokia) and of the metrics endpoint, on loopback,
 * until a deadline: wrong or no credentials, requests from another web origin (a read, and an operation that would
 * disconnect a real client), without an origin, JSONP, HEAD, bytes that are not HTTP, and slowloris clients (a POST
 * whose announced body never comes). A request with the right credentials and origin is made every round and must
 * be answered. Anything answered that must not be is a {@link AbuseTally#breach}.
 */
final class HttpAbuser {

    static final String EVIL_ORIGIN = "http://evil.example";
    private static final int TIMEOUT_MILLIS = 10_000;
    /** The endpoint cuts an exchange after 10 s; a busy machine gets this much more. */
    private static final int CUT_LIMIT_MILLIS = 10_000 + 15_000;

    private final InetSocketAddress jolokia;
    private final InetSocketAddress metrics;
    private final String credentials;
    private final String origin;
    private final String disconnectOperation;
    private final long deadlineNanos;
    private final AbuseTally tally;

    /**
     * @param disconnectOperation a Jolokia exec path that would disconnect a real client if it were run
     */
    HttpAbuser(InetSocketAddress jolokia, InetSocketAddress metrics, String user, String password,
            String disconnectOperation, long deadlineNanos, AbuseTally tally) {
        this.jolokia = jolokia;
        this.metrics = metrics;
        this.credentials = basic(user, password);
        this.origin = "http://" + jolokia.getHostString() + ":" + jolokia.getPort();
        this.disconnectOperation = disconnectOperation;
        this.deadlineNanos = deadlineNanos;
        this.tally = tally;
    }

    List<Thread> threads() {
        List<Thread> threads = new ArrayList<>();
        threads.add(new Thread(this::requests, "http-requests"));
        for (int i = 0; i < 3; i++) {
            threads.add(new Thread(this::slowloris, "http-slowloris-" + i));
        }
        return threads;
    }

    private void requests() {
        String wrong = basic("gost4j", "wrong-password");
        while (System.nanoTime() < deadlineNanos) {
            long t0 = System.nanoTime();
            Answer legit = get(jolokia, "/jolokia/version", credentials, origin, "GET");
            long millis = (System.nanoTime() - t0) / 1_000_000;
            tally.count("jolokia-legit", legit.status == 200 ? "answered" : "failed-" + legit.status);
            if (millis > 3000) {
                tally.count("jolokia-legit", "slower-than-3s");
            }
            expectRefused("jolokia-wrong-password", get(jolokia, "/jolokia/version", wrong, origin, "GET"));
            expectRefused("jolokia-no-credentials", get(jolokia, "/jolokia/version", null, origin, "GET"));
            expectRefused("jolokia-no-origin", get(jolokia, "/jolokia/version", credentials, null, "GET"));
            expectRefused("jolokia-cross-origin-read",
                    get(jolokia, "/jolokia/read/java.lang:type=Runtime/Uptime", credentials, EVIL_ORIGIN, "GET"));
            expectRefused("jolokia-cross-origin-exec",
                    get(jolokia, "/jolokia/exec/" + disconnectOperation, credentials, EVIL_ORIGIN, "GET"));
            Answer jsonp = get(jolokia, "/jolokia/version?callback=steal", credentials, origin, "GET");
            if (jsonp.text.contains("steal(")) {
                tally.breach("jolokia-jsonp", jsonp.text);
            } else {
                tally.count("jolokia-jsonp", "refused-" + jsonp.status);
            }
            tally.count("jolokia-head",
                    "status-" + get(jolokia, "/jolokia/version", credentials, origin, "HEAD").status);
            tally.count("jolokia-not-http", "status-" + exchange(jolokia, "\u0016\u0003\u0001garbage\r\n\r\n").status);
            expectRefused("metrics-wrong-password", get(metrics, "/metrics", wrong, null, "GET"));
            tally.count("metrics-head", "status-" + get(metrics, "/metrics", null, null, "HEAD").status);
            pause(100);
        }
    }

    /** Anything but an answer carrying data or a CORS grant for another origin. */
    private void expectRefused(String kind, Answer answer) {
        String lower = answer.text.toLowerCase();
        if (answer.status == 200 && !lower.contains("\"status\":403") || lower.contains("\"value\"")
                || lower.contains("access-control-allow-origin: " + EVIL_ORIGIN)) {
            tally.breach(kind, answer.text.length() > 300 ? answer.text.substring(0, 300) : answer.text);
        } else {
            tally.count(kind, "refused-" + answer.status);
        }
    }

    /** A POST whose 100-byte body never comes: the endpoint must cut it and keep serving others meanwhile. */
    private void slowloris() {
        while (System.nanoTime() < deadlineNanos) {
            try (Socket socket = new Socket()) {
                socket.connect(jolokia, TIMEOUT_MILLIS);
                long t0 = System.nanoTime();
                socket.getOutputStream().write(("POST /jolokia/ HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: "
                        + credentials + "\r\nOrigin: " + origin + "\r\nContent-Length: 100\r\n\r\n")
                        .getBytes(StandardCharsets.US_ASCII));
                socket.setSoTimeout(CUT_LIMIT_MILLIS);
                try {
                    while (socket.getInputStream().read() >= 0) {
                        // an error answer, if any, before the close
                    }
                    tally.count("jolokia-slowloris", "cut-by-server");
                } catch (SocketTimeoutException e) {
                    tally.breach("jolokia-slowloris", "not cut within " + (System.nanoTime() - t0) / 1_000_000 + " ms");
                }
            } catch (IOException e) {
                tally.count("jolokia-slowloris", "cut-by-server");
            }
        }
    }

    private record Answer(int status, String text) {
    }

    private Answer get(InetSocketAddress server, String path, String authorization, String fromOrigin, String method) {
        return exchange(server, method + " " + path + " HTTP/1.1\r\nHost: " + server.getHostString() + ":"
                + server.getPort() + "\r\n" + (authorization == null ? "" : "Authorization: " + authorization + "\r\n")
                + (fromOrigin == null ? "" : "Origin: " + fromOrigin + "\r\n") + "Connection: close\r\n\r\n");
    }

    /** Sends the request, reads the answer until the server closes; status 0 if there was none. */
    private static Answer exchange(InetSocketAddress server, String request) {
        try (Socket socket = new Socket()) {
            socket.connect(server, TIMEOUT_MILLIS);
            socket.setSoTimeout(TIMEOUT_MILLIS);
            socket.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
            InputStream in = socket.getInputStream();
            String text = new String(in.readNBytes(64 * 1024), StandardCharsets.ISO_8859_1);
            int status = 0;
            if (text.startsWith("HTTP/1.")) {
                int space = text.indexOf(' ');
                status = Integer.parseInt(text.substring(space + 1, space + 4));
            }
            return new Answer(status, text);
        } catch (IOException | RuntimeException e) {
            return new Answer(0, e.toString());
        }
    }

    private static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    private void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
