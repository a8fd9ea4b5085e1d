package org.gost4j.config.cli;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A {@code -F} chain node URL, {@code relay+wss://[user:pass@]host:port?path=/ws&secure=true&serverName=x&caFile=f},
 * checked and turned into the properties of a {@code gost4j.chain} configuration ({@code name}, {@code nodes}).
 * The chain bundle parses the node URL itself; this check only lets the launcher fail early and clearly.
 */
public final class ChainUrl {

    public static final String NAME = "name";
    public static final String NODES = "nodes";
    public static final Set<String> SCHEMES = Set.of("relay+wss", "relay+ws");
    private static final Set<String> OPTIONS = Set.of("path", "secure", "serverName", "caFile");
    private static final Pattern PASSWORD = Pattern.compile("(://[^:/@]*:)[^@/]*@");

    private ChainUrl() {
    }

    /** @return {@code name=chain-<index>}, {@code nodes={url}} */
    public static Map<String, Object> parse(String url, int index) {
        try {
            check(url);
        } catch (CliException e) {
            throw new CliException("chain node URL '" + redact(url) + "': " + e.getMessage());
        }
        Map<String, Object> props = new LinkedHashMap<>();
        props.put(NAME, "chain-" + index);
        props.put(NODES, new String[] {url});
        return props;
    }

    private static void check(String url) {
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException e) {
            throw new CliException("malformed at index " + e.getIndex() + " (percent-encode special characters)");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!SCHEMES.contains(scheme)) {
            throw new CliException("unsupported scheme '" + scheme + "' (supported: relay+wss, relay+ws)");
        }
        if (uri.getHost() == null || uri.getPort() <= 0) {
            throw new CliException("needs host:port (e.g. relay+wss://10.0.0.1:8443)");
        }
        QueryOptions options = new QueryOptions(uri.getRawQuery() == null ? "" : uri.getRawQuery(), OPTIONS, Map.of());
        options.single("secure").ifPresent(ChainUrl::bool);
        options.single("path").filter(p -> !p.startsWith("/"))
                .ifPresent(p -> { throw new CliException("option path: '" + p + "' must start with '/'"); });
        List.of("serverName", "caFile").forEach(options::single);
    }

    private static void bool(String text) {
        if (!Set.of("1", "t", "T", "true", "TRUE", "True", "0", "f", "F", "false", "FALSE", "False").contains(text)) {
            throw new CliException("option secure: '" + text + "' is not true or false");
        }
    }

    static String redact(String url) {
        return PASSWORD.matcher(url).replaceFirst("$1***@");
    }
}
