package org.gost4j.config.cli;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;

import org.gost4j.support.net.HostPort;

/**
 * GOST's {@code -metrics [user:pass@]host:port[?path=/metrics]} as the properties of a {@code gost4j.metrics}
 * factory configuration: {@code addr}, {@code path}, {@code username}, {@code password}. The YAML
 * {@code metrics:} section is checked by the same rules.
 */
public final class MetricsUrl {

    public static final String PID = "gost4j.metrics";
    /** The configuration made from the command line; the file's is {@link #FILE_NAME}. */
    public static final String CLI_NAME = "cli";
    public static final String FILE_NAME = "file";

    private MetricsUrl() {
    }

    /** @throws CliException naming what is wrong (never the password) */
    public static Map<String, Object> parse(String value) {
        String rest = value.trim();
        String query = "";
        int q = rest.indexOf('?');
        if (q >= 0) {
            query = rest.substring(q + 1);
            rest = rest.substring(0, q);
        }
        Map<String, Object> props = new LinkedHashMap<>();
        props.put("name", CLI_NAME);
        int at = rest.lastIndexOf('@');
        if (at >= 0) {
            String userInfo = rest.substring(0, at);
            rest = rest.substring(at + 1);
            int colon = userInfo.indexOf(':');
            String user = decode(colon < 0 ? userInfo : userInfo.substring(0, colon));
            if (user.isEmpty() || colon < 0) {
                throw new CliException("-metrics: credentials must be user:password@");
            }
            props.put("username", user);
            props.put("password", decode(userInfo.substring(colon + 1)));
        }
        props.put("addr", addr(rest, CliException::new));
        for (String pair : query.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String key = decode(eq < 0 ? pair : pair.substring(0, eq));
            if (!key.equals("path")) {
                throw new CliException("-metrics: unknown option '" + key + "' (only path)");
            }
            props.put("path", path(eq < 0 ? "" : decode(pair.substring(eq + 1)), CliException::new));
        }
        return props;
    }

    /** {@code host:port} or {@code :port} (see the metrics bundle for what an empty host binds). */
    public static String addr(String addr, Function<String, RuntimeException> error) {
        try {
            if (HostPort.parse("metrics addr", addr, true).getPort() == 0) {
                throw new IllegalArgumentException("metrics addr '" + addr + "' needs a port");
            }
            return addr;
        } catch (IllegalArgumentException e) {
            throw error.apply(e.getMessage());
        }
    }

    public static String path(String path, Function<String, RuntimeException> error) {
        if (!path.startsWith("/")) {
            throw error.apply("metrics path '" + path + "' must start with /");
        }
        return path;
    }

    private static String decode(String text) {
        return URLDecoder.decode(text.replace("+", "%2B"), StandardCharsets.UTF_8);
    }
}
