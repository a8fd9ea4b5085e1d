package org.gost4j.management.internal.http;

import java.io.IOException;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;

import com.sun.net.httpserver.Filter;
import com.sun.net.httpserver.HttpExchange;

/**
 * Refuses Jolokia's JSONP ({@code ?callback=}): a script tag on any web page could otherwise read the answer with
 * the credentials the browser holds. Jolokia itself has no switch for it. Also tells browsers never to guess
 * another content type for the JSON answers.
 */
public final class NoJsonp extends Filter {

    @Override
    public void doFilter(HttpExchange exchange, Chain chain) throws IOException {
        exchange.getResponseHeaders().set("X-Content-Type-Options", "nosniff");
        if (hasCallback(exchange.getRequestURI())) {
            byte[] body = "400 (Bad Request)\n\nJSONP (callback) is disabled\n".getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
            exchange.sendResponseHeaders(400, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
            return;
        }
        chain.doFilter(exchange);
    }

    static boolean hasCallback(URI uri) {
        String query = uri.getRawQuery();
        if (query == null) {
            return false;
        }
        for (String parameter : query.split("&")) {
            String name = parameter.split("=", 2)[0];
            try {
                if (URLDecoder.decode(name, StandardCharsets.UTF_8).strip().equalsIgnoreCase("callback")) {
                    return true;
                }
            } catch (IllegalArgumentException e) {
                return true; // a malformed name Jolokia might still read as one
            }
        }
        return false;
    }

    @Override
    public String description() {
        return "refuses JSONP";
    }
}
