package org.gost4j.config.file;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;

import org.gost4j.api.router.RouteEntry;
import org.gost4j.api.tunnel.TunnelPids;
import org.gost4j.config.FactoryConfiguration;
import org.gost4j.support.auth.AutherEntry;
import org.gost4j.support.options.Names;
import org.gost4j.config.cli.ChainUrl;
import org.gost4j.config.cli.CliException;
import org.gost4j.config.cli.MetricsUrl;
import org.gost4j.support.net.HostPort;
import org.gost4j.support.net.HttpUrl;
import org.gost4j.support.net.UserInfo;
import org.gost4j.support.options.GoDuration;

/** The {@code authers}, {@code routers} and {@code chains} sections, and the checks they share with services. */
final class Sections {

    private static final Pattern TYPE = Pattern.compile("[a-z0-9]+");

    private Sections() {
    }

    static String name(Node item) {
        Node node = item.child("name");
        try {
            return Names.check(node.requiredString());
        } catch (IllegalArgumentException e) {
            throw node.error(e.getMessage());
        }
    }

    /** Properties an auther gets from its loaders or plugin; a relay server cannot use such an auther. */
    static final Set<String> LOADED_AUTHER_KEYS = set("file", "redis.addr", "http.url", "plugin.addr");

    /**
     * {@code authers[]}: {@code auths} of username and password become {@code auths = user:password}
     * ({@code [user]:password} for an IPv6 tunnel address as user name); GOST's loaders ({@code file},
     * {@code redis}, {@code http}, {@code reload}) and {@code plugin} become the auther's {@code file},
     * {@code redis.*}, {@code http.*}, {@code reload} and {@code plugin.*} properties.
     */
    static FactoryConfiguration auther(Node item) {
        Map<String, Node> fields = item.fields(set("name", "auths", "reload", "file", "redis", "http", "plugin"));
        String name = name(item);
        List<String> auths = new ArrayList<>();
        for (Node auth : list(fields.get("auths"))) {
            Map<String, Node> entry = auth.fields(set("username", "password"));
            auths.add(entry(auth, entry));
        }
        Map<String, Object> props = ConfigFile.properties(name);
        props.put("auths", auths.toArray(String[]::new));
        loaders(fields, props, false);
        plugin(fields.get("plugin"), props);
        return new FactoryConfiguration(TunnelPids.AUTHER, name, props);
    }

    /** GOST's {@code reload}, {@code file}, {@code redis} and {@code http} loaders, as properties. */
    private static void loaders(Map<String, Node> fields, Map<String, Object> props, boolean router) {
        if (fields.containsKey("reload")) {
            props.put("reload", duration(fields.get("reload")));
        }
        Node file = fields.get("file");
        if (file != null) {
            props.put("file", required(file, file.fields(set("path")), "path").requiredString());
        }
        Node redis = fields.get("redis");
        if (redis != null) {
            Map<String, Node> r = redis.fields(router ? set("addr", "db", "username", "password", "key", "type")
                    : set("addr", "db", "username", "password", "key"));
            String addr = required(redis, r, "addr").requiredString();
            try {
                HostPort.parse("addr", addr, false);
            } catch (IllegalArgumentException e) {
                throw r.get("addr").error(e.getMessage());
            }
            props.put("redis.addr", addr);
            if (r.containsKey("db")) {
                int db = r.get("db").integer();
                if (db < 0) {
                    throw r.get("db").error("must not be negative");
                }
                props.put("redis.db", db);
            }
            for (String key : List.of("username", "password", "key")) {
                if (r.containsKey(key)) {
                    props.put("redis." + key, r.get(key).scalar());
                }
            }
            if (r.containsKey("type")) {
                String type = r.get("type").string();
                if (!Set.of("hash", "set", "list").contains(type)) {
                    throw r.get("type").error("'" + type + "' is not hash, set or list");
                }
                props.put("redis.type", type);
            }
        }
        Node http = fields.get("http");
        if (http != null) {
            Map<String, Node> h = http.fields(set("url", "timeout"));
            props.put("http.url", url(required(http, h, "url")));
            if (h.containsKey("timeout")) {
                props.put("http.timeout", duration(h.get("timeout")));
            }
        }
    }

    /** GOST's {@code plugin: {type: http, addr, timeout, token}} (gRPC plugins and plugin TLS are not supported). */
    private static void plugin(Node plugin, Map<String, Object> props) {
        if (plugin == null) {
            return;
        }
        Map<String, Node> p = plugin.fields(set("type", "addr", "timeout", "token"));
        Node type = required(plugin, p, "type");
        if (!"http".equals(type.string())) {
            throw type.error("'" + type.string() + "' is not supported (only http)");
        }
        props.put("plugin.type", "http");
        props.put("plugin.addr", url(required(plugin, p, "addr")));
        if (p.containsKey("timeout")) {
            props.put("plugin.timeout", duration(p.get("timeout")));
        }
        if (p.containsKey("token")) {
            props.put("plugin.token", p.get("token").scalar());
        }
    }

    /** A Go duration ({@code 30s}) or a bare number of seconds, checked here and passed on as written. */
    private static String duration(Node node) {
        String text = node.scalar().trim();
        try {
            if (GoDuration.parseOrSeconds(text).isNegative()) {
                throw node.error("must not be negative");
            }
            return text;
        } catch (IllegalArgumentException e) {
            throw node.error(e.getMessage());
        }
    }

    private static String url(Node node) {
        String text = node.requiredString();
        try {
            HttpUrl.parse(text);
        } catch (IllegalArgumentException e) {
            throw node.error(e.getMessage());
        }
        return text;
    }

    /**
     * GOST's {@code metrics: {addr, path, auth: {username, password}}} as the factory configuration
     * {@code gost4j.metrics~file} ({@code auther}, an auther for the endpoint, is not supported: use {@code auth}).
     */
    static FactoryConfiguration metrics(Node section) {
        Map<String, Node> m = section.fields(set("addr", "path", "auth"));
        Map<String, Object> props = ConfigFile.properties(MetricsUrl.FILE_NAME);
        props.put("addr", MetricsUrl.addr(required(section, m, "addr").requiredString(), m.get("addr")::error));
        if (m.containsKey("path")) {
            props.put("path", MetricsUrl.path(m.get("path").string(), m.get("path")::error));
        }
        if (m.containsKey("auth")) {
            Map<String, Node> auth = m.get("auth").fields(set("username", "password"));
            props.put("username", required(m.get("auth"), auth, "username").requiredString());
            props.put("password", required(m.get("auth"), auth, "password").scalar());
        }
        return new FactoryConfiguration(MetricsUrl.PID, MetricsUrl.FILE_NAME, props);
    }

    /** An {@code auths} item {@code {username, password}} as an {@link AutherEntry}'s text. */
    static String entry(Node auth, Map<String, Node> fields) {
        Node user = required(auth, fields, "username");
        try {
            return AutherEntry.format(user.scalar(), required(auth, fields, "password").scalar());
        } catch (IllegalArgumentException e) {
            throw user.error(e.getMessage());
        }
    }

    /** {@code routers[]}: {@code routes} of {@code net} (or {@code dst}) and {@code gateway} become {@code CIDR GATEWAY}. */
    static FactoryConfiguration router(Node item) {
        Map<String, Node> fields = item.fields(set("name", "routes", "reload", "file", "redis", "http"));
        String name = name(item);
        List<String> routes = new ArrayList<>();
        for (Node route : list(fields.get("routes"))) {
            Map<String, Node> entry = route.fields(set("net", "dst", "gateway"));
            if (entry.containsKey("net") == entry.containsKey("dst")) {
                throw route.error("give exactly one of net and dst");
            }
            Node net = entry.containsKey("net") ? entry.get("net") : entry.get("dst");
            String gateway = required(route, entry, "gateway").scalar();
            try {
                // a bare dst address is a host route, as GOST's router reads it
                routes.add(RouteEntry.parse(net.string() + " " + gateway).toString());
            } catch (IllegalArgumentException e) {
                throw route.error(e.getMessage());
            }
        }
        Map<String, Object> props = ConfigFile.properties(name);
        props.put("routes", routes.toArray(String[]::new));
        loaders(fields, props, true);
        return new FactoryConfiguration(TunnelPids.ROUTER, name, props);
    }

    /**
     * {@code chains[]}: one node per hop, in order, each flattened to
     * {@code connector+dialer://[user:pass@]addr[?metadata]} in the {@code nodes} property.
     */
    static FactoryConfiguration chain(Node item) {
        Map<String, Node> fields = item.fields(set("name", "hops"));
        String name = name(item);
        List<String> nodes = new ArrayList<>();
        List<Node> hops = list(fields.get("hops"));
        if (hops.isEmpty()) {
            throw item.child("hops").error("a chain needs at least one hop");
        }
        for (Node hop : hops) {
            Map<String, Node> hopFields = hop.fields(set("name", "nodes"));
            List<Node> hopNodes = list(hopFields.get("nodes"));
            if (hopNodes.size() != 1) {
                throw hop.child("nodes").error("exactly one node per hop is supported, got " + hopNodes.size());
            }
            String url = chainNode(hopNodes.get(0));
            try {
                ChainUrl.check(url);
            } catch (CliException e) {
                throw hopNodes.get(0).error(e.getMessage());
            }
            nodes.add(url);
        }
        Map<String, Object> props = ConfigFile.properties(name);
        props.put("nodes", nodes.toArray(String[]::new));
        return new FactoryConfiguration(TunnelPids.CHAIN, name, props);
    }

    private static String chainNode(Node node) {
        Map<String, Node> fields = node.fields(set("name", "addr", "connector", "dialer"));
        String addr = required(node, fields, "addr").scalar();
        Node connector = required(node, fields, "connector");
        Node dialer = required(node, fields, "dialer");
        Map<String, Node> c = connector.fields(set("type", "auth", "metadata"));
        Map<String, Node> d = dialer.fields(set("type", "metadata"));
        StringBuilder url = new StringBuilder(type(required(connector, c, "type")) + "+"
                + type(required(dialer, d, "type")) + "://");
        if (c.containsKey("auth")) {
            Map<String, Node> auth = c.get("auth").fields(set("username", "password"));
            url.append(UserInfo.encode(required(c.get("auth"), auth, "username").scalar()));
            if (auth.containsKey("password")) {
                url.append(':').append(UserInfo.encode(auth.get("password").scalar()));
            }
            url.append('@');
        }
        url.append(addr);
        Map<String, String> query = new TreeMap<>();
        for (Node metadata : new Node[] {c.get("metadata"), d.get("metadata")}) {
            if (metadata != null) {
                for (Map.Entry<String, Node> e : metadata.fields(metadataKeys(metadata)).entrySet()) {
                    query.put(e.getKey(), e.getValue().scalarOrBoolean());
                }
            }
        }
        String separator = "?";
        for (Map.Entry<String, String> e : query.entrySet()) {
            url.append(separator).append(encode(e.getKey())).append('=').append(encode(e.getValue()));
            separator = "&";
        }
        return url.toString();
    }

    /** Connector and dialer metadata is passed on as it is: whatever keys the chain's transport knows. */
    private static Set<String> metadataKeys(Node metadata) {
        return new LinkedHashSet<>(metadata.keys());
    }

    static String type(Node node) {
        String type = node.string();
        if (!TYPE.matcher(type).matches()) {
            throw node.error("'" + type + "' is not a type name");
        }
        return type;
    }

    static Node required(Node parent, Map<String, Node> fields, String key) {
        Node node = fields.get(key);
        if (node == null || node.isMissing()) {
            throw parent.child(key).error("is required");
        }
        return node;
    }

    static List<Node> list(Node node) {
        return node == null ? List.of() : node.list();
    }

    static Set<String> set(String... keys) {
        return new LinkedHashSet<>(List.of(keys));
    }

    static String encode(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8);
    }
}
