package org.gost4j.management.internal.http;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;

import org.gost4j.management.internal.credentials.Credentials;
import org.junit.After;
import org.junit.Before;
import org.junit.Test;

public class BasicAuthenticationTest {

    private ManagementHttpServer server;

    @Before
    public void start() throws Exception {
        server = ManagementHttpServer.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), "test-auth");
        server.serve("/api", exchange -> {
            byte[] user = exchange.getPrincipal().getUsername().getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, user.length);
            exchange.getResponseBody().write(user);
            exchange.close();
        }).setAuthenticator(new BasicAuthentication(() -> Credentials.of(Map.of("alice", "pa:ss wörd"))));
        server.start();
    }

    @After
    public void stop() {
        server.stop();
    }

    @Test
    public void theRightPasswordPassesAndAWrongOneIsAsked401() throws Exception {
        HttpResponse<String> ok = get(basic("alice", "pa:ss wörd"), false);
        assertEquals(200, ok.statusCode());
        assertEquals("alice", ok.body());

        HttpResponse<String> wrong = get(basic("alice", "pa:ss"), false);
        assertEquals(401, wrong.statusCode());
        assertTrue(wrong.headers().firstValue("WWW-Authenticate").orElse("").startsWith("Basic"));
        assertEquals(401, get(basic("bob", "pa:ss wörd"), false).statusCode());
        assertEquals(401, get("Basic %%%", false).statusCode());
        assertEquals(401, get(null, false).statusCode());
    }

    @Test
    public void scriptsGetNoBrowserLoginDialog() throws Exception {
        HttpResponse<String> wrong = get(basic("alice", "nope"), true);
        assertEquals(401, wrong.statusCode());
        assertFalse(wrong.headers().firstValue("WWW-Authenticate").isPresent());
    }

    private HttpResponse<String> get(String authorization, boolean script) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + server.address().getPort() + "/api"));
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        if (script) {
            request.header("X-Requested-With", "XMLHttpRequest");
        }
        return HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }
}
