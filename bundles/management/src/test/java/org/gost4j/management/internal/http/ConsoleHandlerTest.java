package org.gost4j.management.internal.http;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import org.junit.After;
import org.junit.Before;
import org.junit.Test;

public class ConsoleHandlerTest {

    private ManagementHttpServer server;

    @Before
    public void start() throws Exception {
        server = ManagementHttpServer.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), "test-console");
        server.serve(ConsoleHandler.PATH, new ConsoleHandler("/api\"<x>"));
        server.start();
    }

    @After
    public void stop() {
        server.stop();
    }

    @Test
    public void servesThePageWithTheEndpointPathAndAStrictPolicy() throws Exception {
        HttpResponse<String> page = send("GET", "/console/");
        assertEquals(200, page.statusCode());
        assertTrue(page.body(), page.body().contains("content=\"/api&quot;&lt;x&gt;\""));
        String policy = page.headers().firstValue("Content-Security-Policy").orElse("");
        assertTrue(policy, policy.contains("frame-ancestors 'none'") && policy.contains("connect-src 'self'"));
        assertEquals("DENY", page.headers().firstValue("X-Frame-Options").orElse(""));
        assertEquals(200, send("GET", "/console/console.js").statusCode());
        assertEquals(200, send("GET", "/console/console.css").statusCode());
    }

    @Test
    public void nothingElse() throws Exception {
        assertEquals(404, send("GET", "/console/../console/x").statusCode());
        assertEquals(404, send("GET", "/console/index.html.bak").statusCode());
        assertEquals(405, send("POST", "/console/").statusCode());
    }

    private HttpResponse<String> send(String method, String path) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + server.address().getPort() + path))
                .method(method, HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
    }
}
