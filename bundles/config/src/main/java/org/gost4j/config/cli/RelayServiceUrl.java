package org.gost4j.config.cli;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import org.gost4j.support.auth.AutherEntry;

/**
 * A relay server URL, {@code relay+wss://[user:pass@][host]:port?bind=true&path=/ws&certFile=f&keyFile=k},
 * turned into the properties of a {@code gost4j.relay} configuration (see ARCHITECTURE.md).
 */
public final class RelayServiceUrl {

    private static final Set<String> OPTIONS = Set.of("bind", "path", "certFile", "keyFile");

    private RelayServiceUrl() {
    }

    public static boolean isRelay(String url) {
        int end = url.indexOf("://");
        return end > 0 && ChainUrl.SCHEMES.contains(url.substring(0, end).toLowerCase(Locale.ROOT));
    }

    public static Map<String, Object> parse(String url, int index) {
        try {
            return toProperties(url, index);
        } catch (CliException e) {
            throw new CliException("service URL '" + ChainUrl.redact(url) + "': " + e.getMessage());
        }
    }

    private static Map<String, Object> toProperties(String url, int index) {
        int schemeEnd = url.indexOf("://");
        String scheme = url.substring(0, schemeEnd).toLowerCase(Locale.ROOT);
        String rest = url.substring(schemeEnd + 3);
        int queryStart = rest.indexOf('?');
        String authority = queryStart < 0 ? rest : rest.substring(0, queryStart);
        QueryOptions options = new QueryOptions(queryStart < 0 ? "" : rest.substring(queryStart + 1), OPTIONS, Map.of());
        List<String> auths = new ArrayList<>();
        int at = authority.lastIndexOf('@');
        if (at >= 0) {
            String info = authority.substring(0, at);
            int colon = info.indexOf(':');
            String user = decode(colon < 0 ? info : info.substring(0, colon));
            try {
                auths.add(AutherEntry.format(user, colon < 0 ? "" : decode(info.substring(colon + 1))));
            } catch (IllegalArgumentException e) {
                throw new CliException(e.getMessage());
            }
            authority = authority.substring(at + 1);
        }
        if (authority.endsWith("/")) {
            authority = authority.substring(0, authority.length() - 1);
        }
        int colon = authority.lastIndexOf(':');
        if (colon < 0 || !authority.substring(colon + 1).matches("\\d{1,5}")
                || Integer.parseInt(authority.substring(colon + 1)) > 65535) {
            throw new CliException("listen address '" + authority + "' needs a port (e.g. :8443)");
        }
        Map<String, Object> props = new LinkedHashMap<>();
        props.put("name", "service-" + index);
        props.put("listen", authority);
        props.put("tls", scheme.equals("relay+wss"));
        String path = options.single("path").orElse("/ws");
        if (!path.startsWith("/")) {
            throw new CliException("option path: '" + path + "' must start with '/'");
        }
        props.put("path", path);
        props.put("bind", options.single("bind").map(RelayServiceUrl::bool).orElse(false));
        props.put("auths", auths.toArray(String[]::new));
        String cert = options.single("certFile").orElse("");
        String key = options.single("keyFile").orElse("");
        if (cert.isEmpty() != key.isEmpty()) {
            throw new CliException("options certFile and keyFile go together");
        }
        props.put("cert.file", cert);
        props.put("key.file", key);
        return props;
    }

    private static Boolean bool(String text) {
        return switch (text) {
            case "1", "t", "T", "true", "TRUE", "True", "" -> true;
            case "0", "f", "F", "false", "FALSE", "False" -> false;
            default -> throw new CliException("option bind: '" + text + "' is not true or false");
        };
    }

    private static String decode(String text) {
        try {
            return URLDecoder.decode(text, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw new CliException("bad percent-encoding in the user info");
        }
    }
}
