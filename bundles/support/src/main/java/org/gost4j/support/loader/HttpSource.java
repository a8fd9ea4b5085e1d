package org.gost4j.support.loader;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

import org.gost4j.support.net.HttpUrl;

/**
 * GOST's {@code http} loader: a GET of {@code url}; only a 200 answer counts, its body is the entries, one a
 * line. {@link HttpURLConnection} rather than the JDK's HttpClient, whose selector thread outlives a stopped
 * bundle until the collector finds the client.
 */
public final class HttpSource implements Source {

    private final URL url;
    private final int timeoutMillis;

    /** @throws IllegalArgumentException if {@code url} is not an http or https URL */
    public HttpSource(String url, Duration timeout) {
        this.url = HttpUrl.parse(url);
        this.timeoutMillis = Http.timeoutMillis(timeout);
    }

    @Override
    public String describe() {
        return "http " + Http.withoutUserInfo(url);
    }

    @Override
    public List<String> load() throws IOException {
        HttpURLConnection connection = Http.open(url, timeoutMillis);
        try {
            return Http.okBody(connection).lines().toList();
        } finally {
            connection.disconnect();
        }
    }

    /** What the HTTP source and the HTTP auther plugin share. */
    public static final class Http {

        /** GOST's loaders wait forever by default; a loader thread must not. */
        public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);

        private Http() {
        }

        /** A zero or negative timeout means the default: an unbounded wait would hang a loader for good. */
        public static int timeoutMillis(Duration timeout) {
            Duration effective = timeout == null || timeout.isZero() || timeout.isNegative() ? DEFAULT_TIMEOUT : timeout;
            return (int) Math.min(Integer.MAX_VALUE, Math.max(1, effective.toMillis()));
        }

        /** A connection timing out both ways after {@code timeoutMillis}, not following redirects. */
        public static HttpURLConnection open(URL url, int timeoutMillis) throws IOException {
            HttpURLConnection connection = (HttpURLConnection) url.openConnection();
            connection.setConnectTimeout(timeoutMillis);
            connection.setReadTimeout(timeoutMillis);
            connection.setInstanceFollowRedirects(false);
            return connection;
        }

        /** Sends the request; the body of a 200 answer, else {@code HTTP <status>} as an IOException. */
        public static String okBody(HttpURLConnection connection) throws IOException {
            int status = connection.getResponseCode();
            if (status != HttpURLConnection.HTTP_OK) {
                throw new IOException("HTTP " + status);
            }
            try (InputStream in = connection.getInputStream()) {
                return readBounded(in);
            }
        }

        /** The URL as a log may show it: without {@code user:password@}. */
        public static String withoutUserInfo(URL url) {
            return url.getUserInfo() == null ? url.toString() : url.toString().replace(url.getUserInfo() + "@", "");
        }

        /** The body as UTF-8 text, refused past {@link Source#MAX_BYTES}. */
        private static String readBounded(InputStream in) throws IOException {
            ByteArrayOutputStream body = new ByteArrayOutputStream();
            byte[] chunk = new byte[8192];
            for (int n; (n = in.read(chunk)) >= 0; ) {
                if (body.size() + n > MAX_BYTES) {
                    throw new IOException("answer larger than " + MAX_BYTES + " bytes");
                }
                body.write(chunk, 0, n);
            }
            return body.toString(StandardCharsets.UTF_8);
        }
    }
}
