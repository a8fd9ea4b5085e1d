package org.gost4j.management.internal.http;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;

/**
 * The web console's three static files, from this bundle, at {@code /console/}. They hold nothing secret, so they
 * need no login; the page logs in to the Jolokia endpoint itself. The headers keep the page out of other sites'
 * frames and let it load and connect to nothing but this server.
 */
public final class ConsoleHandler implements HttpHandler {

    public static final String PATH = "/console/";

    private static final String CONTENT_SECURITY_POLICY = "default-src 'none'; script-src 'self'; style-src 'self';"
            + " connect-src 'self'; img-src 'self'; form-action 'none'; frame-ancestors 'none'; base-uri 'none'";

    private record Resource(String contentType, byte[] body) {
    }

    private final Map<String, Resource> resources;

    /** @param jolokiaPath the Jolokia endpoint's context path, which the page calls */
    public ConsoleHandler(String jolokiaPath) {
        String index = new String(load("index.html"), StandardCharsets.UTF_8)
                .replace("@JOLOKIA@", htmlAttribute(jolokiaPath));
        this.resources = Map.of(
                "", new Resource("text/html; charset=utf-8", index.getBytes(StandardCharsets.UTF_8)),
                "console.js", new Resource("text/javascript; charset=utf-8", load("console.js")),
                "console.css", new Resource("text/css; charset=utf-8", load("console.css")));
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String method = exchange.getRequestMethod();
            String path = exchange.getRequestURI().getPath();
            Headers headers = exchange.getResponseHeaders();
            if (!method.equals("GET") && !method.equals("HEAD")) {
                headers.set("Allow", "GET, HEAD");
                exchange.sendResponseHeaders(405, -1);
                return;
            }
            Resource resource = path.startsWith(PATH) ? resources.get(path.substring(PATH.length())) : null;
            if (resource == null) {
                exchange.sendResponseHeaders(404, -1);
                return;
            }
            headers.set("Content-Type", resource.contentType());
            headers.set("Content-Security-Policy", CONTENT_SECURITY_POLICY);
            headers.set("X-Frame-Options", "DENY");
            headers.set("X-Content-Type-Options", "nosniff");
            headers.set("Referrer-Policy", "same-origin");
            headers.set("Cache-Control", "no-store");
            if (method.equals("HEAD")) {
                exchange.sendResponseHeaders(200, -1);
            } else {
                exchange.sendResponseHeaders(200, resource.body().length);
                exchange.getResponseBody().write(resource.body());
            }
        }
    }

    private static byte[] load(String name) {
        try (InputStream in = ConsoleHandler.class.getResourceAsStream("/console/" + name)) {
            if (in == null) {
                throw new IllegalStateException("console resource " + name + " missing from the bundle");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String htmlAttribute(String text) {
        return text.replace("&", "&amp;").replace("\"", "&quot;").replace("<", "&lt;").replace(">", "&gt;");
    }
}
