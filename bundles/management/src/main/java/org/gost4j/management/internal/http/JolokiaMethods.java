package org.gost4j.management.internal.http;

import java.io.IOException;
import java.util.Set;

import com.sun.net.httpserver.Filter;
import com.sun.net.httpserver.HttpExchange;

/**
 * Lets through the methods Jolokia serves (GET, POST, and OPTIONS for CORS) and answers any other with 405 and no
 * body. Jolokia answers a HEAD as a GET, with a length, and the JDK server logs a warning for each such answer:
 * without this, every HEAD request wrote a log line, as many as a client cared to send.
 */
public final class JolokiaMethods extends Filter {

    static final Set<String> SERVED = Set.of("GET", "POST", "OPTIONS");

    @Override
    public void doFilter(HttpExchange exchange, Chain chain) throws IOException {
        if (SERVED.contains(exchange.getRequestMethod())) {
            chain.doFilter(exchange);
            return;
        }
        exchange.getResponseHeaders().set("Allow", "GET, POST, OPTIONS");
        exchange.sendResponseHeaders(405, -1);
        exchange.close();
    }

    @Override
    public String description() {
        return "answers methods other than GET, POST and OPTIONS with 405";
    }
}
