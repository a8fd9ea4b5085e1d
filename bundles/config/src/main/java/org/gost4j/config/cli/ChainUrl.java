package org.gost4j.config.cli;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import org.gost4j.support.net.HostPort;
import org.gost4j.support.options.GoBool;

/**
 * The {@code -F} chain node URLs, {@code relay+tls|ws|wss://[user:pass@]host:port?path=/ws&secure=true&serverName=x&caFile=f},
 * checked and turned into the properties of one {@code gost4j.chain} configuration ({@code name}, {@code nodes}):
 * as in GOST, several {@code -F} are the hops of one chain, in order. The chain bundle parses the node URLs
 * itself; this check only lets the launcher (and the YAML reader) fail early and clearly.
 */
public final class ChainUrl {

    public static final String NAME = "name";
    public static final String NODES = "nodes";
    public static final Set<String> SCHEMES = Set.of("relay+tls", "relay+ws", "relay+wss");
    private static final List<String> OPTIONS = List.of("path", "secure", "serverName", "caFile");
    private static final Pattern PASSWORD = Pattern.compile("(://[^:/@]*:)[^@/]*@");

    private ChainUrl() {
    }

    /** @return {@code name=<name>}, {@code nodes=<urls>}, one node per hop */
    public static Map<String, Object> parse(String name, List<String> urls) {
        urls.forEach(ChainUrl::check);
        Map<String, Object> props = new LinkedHashMap<>();
        props.put(NAME, name);
        props.put(NODES, urls.toArray(String[]::new));
        return props;
    }

    /** @throws CliException naming the node URL, its password hidden */
    public static void check(String url) {
        try {
            checkNode(url);
        } catch (CliException e) {
            throw new CliException("chain node URL '" + redact(url) + "': " + e.getMessage());
        }
    }

    private static void checkNode(String url) {
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException e) {
            throw new CliException("malformed at index " + e.getIndex() + " (percent-encode special characters)");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!SCHEMES.contains(scheme)) {
            throw new CliException("unsupported scheme '" + scheme + "' (supported: relay+tls, relay+ws, relay+wss)");
        }
        String authority = uri.getRawAuthority() == null ? "" : uri.getRawAuthority();
        try { // not URI's host: it has none for a name with '_', such as the examples' SERVER_IP
            HostPort.parse("node", authority.substring(authority.lastIndexOf('@') + 1), false);
        } catch (IllegalArgumentException e) {
            throw new CliException("needs host:port (e.g. relay+wss://10.0.0.1:8443)");
        }
        QueryOptions options = new QueryOptions(uri.getRawQuery() == null ? "" : uri.getRawQuery(), OPTIONS, Map.of());
        options.single("secure").ifPresent(secure -> bool("secure", secure));
        options.single("path").filter(p -> !p.startsWith("/"))
                .ifPresent(p -> { throw new CliException("option path: '" + p + "' must start with '/'"); });
        if (scheme.equals("relay+tls") && options.single("path").isPresent()) {
            throw new CliException("option path: only for relay+ws and relay+wss");
        }
        List.of("serverName", "caFile").forEach(options::single);
    }

    /** @throws CliException {@code option NAME: 'x' is not true or false} */
    static boolean bool(String option, String text) {
        try {
            return GoBool.parse(text);
        } catch (IllegalArgumentException e) {
            throw new CliException("option " + option + ": " + e.getMessage());
        }
    }

    static String redact(String url) {
        return PASSWORD.matcher(url).replaceFirst("$1***@");
    }
}
