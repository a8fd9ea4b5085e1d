package org.gost4j.support.net;

import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/**
 * The {@code user:password@} part of a service or node URL, percent-encoded as Go's {@code net/url} reads it: a
 * {@code +} is a plus sign there (only a query turns it into a space), so {@code relay+tls://u:a+b@...} means the
 * password {@code a+b} to GOST and to gost4j alike.
 */
public final class UserInfo {

    private UserInfo() {
    }

    /** @throws IllegalArgumentException on bad percent-encoding */
    public static String decode(String text) {
        return URLDecoder.decode(text.replace("+", "%2B"), StandardCharsets.UTF_8);
    }

    /** The text percent-encoded so that {@link #decode} (and Go) read it back unchanged. */
    public static String encode(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
