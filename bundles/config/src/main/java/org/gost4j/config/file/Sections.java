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
import org.gost4j.support.options.Names;
import org.gost4j.config.cli.ChainUrl;
import org.gost4j.config.cli.CliException;

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

    /** {@code authers[]}: {@code auths} of username and password become {@code auths = user:password}. */
    static FactoryConfiguration auther(Node item) {
        Map<String, Node> fields = item.fields(set("name", "auths"));
        String name = name(item);
        List<String> auths = new ArrayList<>();
        for (Node auth : list(fields.get("auths"))) {
            Map<String, Node> entry = auth.fields(set("username", "password"));
            Node userNode = required(auth, entry, "username");
            String user = userNode.scalar();
            if (user.isEmpty() || user.indexOf(':') >= 0) {
                throw userNode.error("must be non-empty and without ':' (entries are stored as user:password)");
            }
            auths.add(user + ":" + required(auth, entry, "password").scalar());
        }
        Map<String, Object> props = ConfigFile.properties(name);
        props.put("auths", auths.toArray(String[]::new));
        return new FactoryConfiguration(TunnelPids.AUTHER, name, props);
    }

    /** {@code routers[]}: {@code routes} of {@code net} (or {@code dst}) and {@code gateway} become {@code CIDR GATEWAY}. */
    static FactoryConfiguration router(Node item) {
        Map<String, Node> fields = item.fields(set("name", "routes"));
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
            url.append(encode(required(c.get("auth"), auth, "username").scalar()));
            if (auth.containsKey("password")) {
                url.append(':').append(encode(auth.get("password").scalar()));
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
