package org.gost4j.management.internal.http;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import org.junit.After;
import org.junit.Before;
import org.junit.Test;

/**
 * Jolokia answers HEAD as GET, with a length, and the JDK server then logs a warning: one log line per request,
 * as many as a client sends. The filter answers HEAD (and other methods Jolokia does not serve) with 405 first.
 */
public class JolokiaMethodsTest {

    /** The JDK server's own logger (sun.net.httpserver logs through System.getLogger with this name). */
    private static final Logger JDK_SERVER_LOG = Logger.getLogger("com.sun.net.httpserver");

    private final List<String> warnings = new CopyOnWriteArrayList<>();
    private final Handler capture = new Handler() {
        @Override
        public void publish(LogRecord record) {
            if (record.getLevel().intValue() >= Level.WARNING.intValue()) {
                warnings.add(record.getMessage());
            }
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };
    private ManagementHttpServer server;

    @Before
    public void start() throws Exception {
        JDK_SERVER_LOG.addHandler(capture);
        server = ManagementHttpServer.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), "test-http");
        // as Jolokia's handler: the same answer, with its length, whatever the method
        server.serve("/jolokia", exchange -> {
            byte[] body = "{\"value\":1}".getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        }).getFilters().add(new JolokiaMethods());
        server.start();
    }

    @After
    public void stop() {
        server.stop();
        JDK_SERVER_LOG.removeHandler(capture);
    }

    @Test(timeout = 20_000)
    public void headAndOtherMethodsGet405AndLogNothing() throws Exception {
        int[] head = new int[5];
        for (int i = 0; i < head.length; i++) {
            head[i] = send("HEAD").statusCode();
        }
        assertTrue("the JDK server logged: " + warnings, warnings.isEmpty());
        assertEquals("[405, 405, 405, 405, 405]", java.util.Arrays.toString(head));
        HttpResponse<String> put = send("PUT");
        assertEquals(405, put.statusCode());
        assertEquals("GET, POST, OPTIONS", put.headers().firstValue("Allow").orElse(""));
        assertEquals("", put.body());
        assertEquals(200, send("GET").statusCode());
        assertEquals(200, send("POST").statusCode());
        assertTrue("the JDK server logged: " + warnings, warnings.isEmpty());
    }

    private HttpResponse<String> send(String method) throws Exception {
        URI uri = URI.create("http://127.0.0.1:" + server.address().getPort() + "/jolokia/version");
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(5))
                .method(method, HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
    }
}
