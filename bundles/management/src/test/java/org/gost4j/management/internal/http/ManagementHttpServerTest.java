package org.gost4j.management.internal.http;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.After;
import org.junit.Before;
import org.junit.Test;

/**
 * A client that announces a request body and never sends it holds one exchange, not the server: other requests
 * are answered meanwhile, and the stuck connection is closed at its deadline. The JDK server's default (and
 * Jolokia's) was one thread without a timeout, so everyone waited until that client went away.
 */
public class ManagementHttpServerTest {

    private static final Duration DEADLINE = Duration.ofSeconds(2);

    private ManagementHttpServer server;
    private final List<Socket> stuck = new ArrayList<>();

    @Before
    public void start() throws Exception {
        server = ManagementHttpServer.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), "test-http",
                DEADLINE);
        server.serve("/echo", exchange -> {
            byte[] body = exchange.getRequestBody().readAllBytes(); // blocks while the body is missing
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
    }

    @After
    public void stop() throws Exception {
        for (Socket socket : stuck) {
            socket.close();
        }
        server.stop();
    }

    @Test(timeout = 20_000)
    public void stuckClientsDelayNobodyAndAreCutOffAtTheirDeadline() throws Exception {
        for (int i = 0; i < ManagementHttpServer.THREADS - 1; i++) {
            stuck.add(postWithoutBody());
        }
        long t0 = System.nanoTime();
        HttpResponse<String> answer = HttpClient.newHttpClient().send(HttpRequest.newBuilder(uri())
                .timeout(Duration.ofSeconds(5)).POST(HttpRequest.BodyPublishers.ofString("hello")).build(),
                HttpResponse.BodyHandlers.ofString());
        long millis = (System.nanoTime() - t0) / 1_000_000;
        assertEquals("hello", answer.body());
        assertTrue("answered after " + millis + " ms with clients stuck", millis < DEADLINE.toMillis());

        for (Socket socket : stuck) {
            socket.setSoTimeout((int) DEADLINE.toMillis() * 3);
            InputStream in = socket.getInputStream();
            long s0 = System.nanoTime();
            in.readAllBytes(); // returns when the server closes the connection
            assertTrue("stuck connection not closed by its deadline",
                    System.nanoTime() - s0 < DEADLINE.multipliedBy(3).toNanos());
        }
    }

    @Test(timeout = 20_000)
    public void moreStuckClientsThanThreadsWaitAtMostADeadline() throws Exception {
        for (int i = 0; i < ManagementHttpServer.THREADS + 2; i++) {
            stuck.add(postWithoutBody());
        }
        Thread.sleep(200); // every thread now holds a stuck exchange
        long t0 = System.nanoTime();
        HttpResponse<String> answer = HttpClient.newHttpClient().send(HttpRequest.newBuilder(uri())
                .timeout(Duration.ofSeconds(10)).POST(HttpRequest.BodyPublishers.ofString("later")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals("later", answer.body());
        assertTrue(System.nanoTime() - t0 < DEADLINE.multipliedBy(3).toNanos());
    }

    private Socket postWithoutBody() throws Exception {
        Socket socket = new Socket(InetAddress.getLoopbackAddress(), server.address().getPort());
        OutputStream out = socket.getOutputStream();
        out.write(("POST /echo HTTP/1.1\r\nHost: localhost\r\nContent-Length: 100\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII));
        out.flush();
        return socket;
    }

    private URI uri() {
        return URI.create("http://127.0.0.1:" + server.address().getPort() + "/echo");
    }
}
