package org.gost4j.management.internal.http;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.function.Supplier;

import org.gost4j.management.internal.credentials.Credentials;

import com.sun.net.httpserver.Authenticator;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpPrincipal;

/**
 * HTTP basic authentication against the management users. A request sent by a script
 * ({@code X-Requested-With}, as the web console does) gets its 401 without {@code WWW-Authenticate}, so a browser
 * shows no login dialog of its own and never remembers credentials that other sites' requests would carry.
 */
public final class BasicAuthentication extends Authenticator {

    private static final String REALM = "gost4j";

    private final Supplier<Credentials> credentials;

    /** @param credentials read on every request, so a changed password file applies at once */
    public BasicAuthentication(Supplier<Credentials> credentials) {
        this.credentials = credentials;
    }

    @Override
    public Result authenticate(HttpExchange exchange) {
        String header = exchange.getRequestHeaders().getFirst("Authorization");
        if (header != null && header.regionMatches(true, 0, "Basic ", 0, 6)) {
            String decoded = decode(header.substring(6).strip());
            int colon = decoded == null ? -1 : decoded.indexOf(':');
            if (colon > 0) {
                String user = decoded.substring(0, colon);
                if (credentials.get().check(user, decoded.substring(colon + 1))) {
                    return new Success(new HttpPrincipal(user, REALM));
                }
            }
        }
        if (exchange.getRequestHeaders().getFirst("X-Requested-With") == null) {
            exchange.getResponseHeaders().set("WWW-Authenticate", "Basic realm=\"" + REALM + "\", charset=\"UTF-8\"");
        }
        return new Retry(401);
    }

    private static String decode(String base64) {
        try {
            return new String(Base64.getDecoder().decode(base64), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
