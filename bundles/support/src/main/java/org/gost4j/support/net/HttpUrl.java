package org.gost4j.support.net;

import java.net.MalformedURLException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;

/** The rule for the URL of an HTTP loader or plugin, checked where it is configured and where it is used. */
public final class HttpUrl {

    private HttpUrl() {
    }

    /** @throws IllegalArgumentException if {@code text} is not an absolute http or https URL with a host */
    public static URL parse(String text) {
        try {
            URI uri = new URI(text.trim());
            if (!"http".equalsIgnoreCase(uri.getScheme()) && !"https".equalsIgnoreCase(uri.getScheme())
                    || uri.getHost() == null) {
                throw new IllegalArgumentException("'" + text + "' is not an http:// or https:// URL");
            }
            return uri.toURL();
        } catch (URISyntaxException | MalformedURLException e) {
            throw new IllegalArgumentException("'" + text + "' is not a URL: " + e.getMessage());
        }
    }
}
