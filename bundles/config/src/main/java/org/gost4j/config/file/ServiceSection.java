package org.gost4j.config.file;

import static org.gost4j.config.file.Sections.required;
import static org.gost4j.config.file.Sections.set;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.gost4j.api.tunnel.TunnelPids;
import org.gost4j.config.FactoryConfiguration;
import org.gost4j.config.cli.CliException;
import org.gost4j.config.cli.RelayServiceUrl;
import org.gost4j.support.options.OptionException;
import org.gost4j.support.options.TunnelOptions;
import org.gost4j.support.options.TunnelOptionsBuilder;

/**
 * One item of {@code services}. A {@code tun}/{@code tap} service goes through the same options model as a
 * {@code -L} URL ({@link TunnelOptions}), so a file and a URL mean exactly the same and fail with the same message;
 * a {@code relay} service (the server end of a chain) becomes a {@code gost4j.relay} configuration.
 */
final class ServiceSection {

    /** Metadata of a TUN/TAP service, in lower case (as GOST reads keys); the handler's and the listener's are merged. */
    private static final Set<String> TUN_METADATA = new LinkedHashSet<>(TunnelOptions.OPTIONS);
    private final Node service;
    /** Auther name to its {@code user:password} entries: a relay server takes the entries themselves. */
    private final Map<String, String[]> authers;
    private final Set<String> routers;
    private final Set<String> chains;

    ServiceSection(Node service, Map<String, String[]> authers, Set<String> routers, Set<String> chains) {
        this.service = service;
        this.authers = authers;
        this.routers = routers;
        this.chains = chains;
    }

    FactoryConfiguration translate() {
        Map<String, Node> fields = service.fields(set("name", "addr", "handler", "listener", "forwarder"));
        String name = Sections.name(service);
        Node addr = required(service, fields, "addr");
        Node handler = required(service, fields, "handler");
        Node listener = required(service, fields, "listener");
        Map<String, Node> h = handler.fields(set("type", "auther", "auth", "chain", "metadata"));
        Map<String, Node> l = listener.fields(set("type", "tls", "metadata"));
        String type = Sections.type(required(handler, h, "type"));
        String listenerType = Sections.type(required(listener, l, "type"));
        return switch (type) {
            case "tun", "tap" -> {
                if (!listenerType.equals(type)) {
                    throw listener.child("type").error("a " + type + " handler needs a " + type + " listener, got '"
                            + listenerType + "'");
                }
                for (Node relayOnly : new Node[] {h.get("auth"), l.get("tls")}) {
                    if (relayOnly != null) {
                        throw relayOnly.error("not supported for " + type + " (use auther with client tunnel IPs)");
                    }
                }
                yield tunnel(name, type, addr, h, l, fields.get("forwarder"));
            }
            case "relay" -> relay(name, addr, h, listener, l, listenerType, fields.get("forwarder"));
            default -> throw handler.child("type").error("'" + type + "' is not supported (tun, tap, relay)");
        };
    }

    private FactoryConfiguration tunnel(String name, String scheme, Node addr, Map<String, Node> h,
            Map<String, Node> l, Node forwarder) {
        Map<String, Node> metadata = mergedMetadata(h.get("metadata"), l.get("metadata"));
        Node target = target(forwarder);
        TunnelOptions options;
        try {
            TunnelOptionsBuilder builder = TunnelOptions.builder(name, scheme).listen(addr.scalar());
            if (target != null) {
                builder.remote(target.scalar());
            }
            String chain = reference(h.get("chain"), chains, "chains");
            if (chain != null) {
                builder.chain(chain);
            }
            String auther = reference(h.get("auther"), authers.keySet(), "authers");
            if (auther != null) {
                builder.option("auther", auther);
            }
            for (Map.Entry<String, Node> e : metadata.entrySet()) {
                builder.option(e.getKey(), e.getValue().value());
                if (e.getKey().equals("router")) {
                    reference(e.getValue(), routers, "routers");
                }
            }
            options = builder.build();
        } catch (OptionException e) {
            throw locate(e, addr, target, h, metadata);
        }
        Map<String, Object> props = new LinkedHashMap<>(options.toProperties());
        props.put(FactoryConfiguration.ORIGIN, ConfigFile.ORIGIN_FILE);
        return new FactoryConfiguration(TunnelPids.TUNNEL, name, props);
    }

    /**
     * A relay service, through the same rules as a {@code -L relay+...} URL ({@link RelayServiceUrl#properties}):
     * listener {@code tls}, {@code ws} or {@code wss} is the scheme, its metadata {@code path} and its {@code tls}
     * {@code certFile}/{@code keyFile} are those options, the handler's metadata {@code bind}, {@code targets},
     * {@code idleTimeout}, {@code sessions} and {@code sessionsPerSource} the others; the handler's {@code auth}
     * and the entries of its {@code auther} are {@code auths}.
     */
    private FactoryConfiguration relay(String name, Node addr, Map<String, Node> h, Node listener, Map<String, Node> l,
            String listenerType, Node forwarder) {
        if (!Set.of("tls", "ws", "wss").contains(listenerType)) {
            throw listener.child("type").error("'" + listenerType + "' is not supported for relay (tls, ws, wss)");
        }
        if (forwarder != null) {
            throw forwarder.error("a relay service takes no forwarder");
        }
        if (h.containsKey("chain")) {
            throw h.get("chain").error("a relay service takes no chain");
        }
        Map<String, String> options = new LinkedHashMap<>();
        Map<String, Node> where = new LinkedHashMap<>();
        Node listenerMetadata = l.get("metadata");
        if (listenerMetadata != null) {
            Node path = listenerMetadata.metadata(set("path")).get("path");
            if (path != null) {
                options.put(RelayServiceUrl.PATH, path.string());
                where.put(RelayServiceUrl.PATH, path);
            }
        }
        Node tlsNode = l.get("tls");
        if (tlsNode != null) {
            Map<String, Node> t = tlsNode.fields(set(RelayServiceUrl.CERT_FILE, RelayServiceUrl.KEY_FILE));
            t.forEach((key, node) -> {
                options.put(key, node.string());
                where.put(key, node);
            });
        }
        Node handlerMetadata = h.get("metadata");
        if (handlerMetadata != null) {
            Set<String> keys = set("bind", "targets", "idletimeout", "sessions", "sessionspersource");
            for (Map.Entry<String, Node> e : handlerMetadata.metadata(keys).entrySet()) {
                String option = RelayServiceUrl.OPTIONS.stream().filter(o -> o.equalsIgnoreCase(e.getKey()))
                        .findFirst().orElseThrow();
                Node value = e.getValue();
                options.put(option, switch (option) {
                    case RelayServiceUrl.BIND -> Boolean.toString(value.bool());
                    case RelayServiceUrl.TARGETS -> String.join(",", value.items());
                    case RelayServiceUrl.IDLE_TIMEOUT -> value.value() instanceof Integer seconds ? seconds + "s"
                            : value.string();
                    default -> Integer.toString(value.integer());
                });
                where.put(option, value);
            }
        }
        Map<String, Object> props = ConfigFile.properties(name);
        try {
            props.putAll(RelayServiceUrl.properties(name, "relay+" + listenerType, addr.scalar(), options,
                    List.of(relayAuths(h))));
        } catch (CliException e) {
            String message = e.getMessage();
            Node node = message.startsWith("option ")
                    ? where.get(message.substring("option ".length()).split("[ :]", 2)[0]) : null;
            throw (node != null ? node : service).error(message);
        }
        return new FactoryConfiguration(TunnelPids.RELAY, name, props);
    }

    /** {@code user:password} entries of the handler's {@code auth} and of its {@code auther}. */
    private String[] relayAuths(Map<String, Node> h) {
        List<String> auths = new ArrayList<>();
        Node auth = h.get("auth");
        if (auth != null) {
            auths.add(Sections.entry(auth, auth.fields(set("username", "password"))));
        }
        String auther = reference(h.get("auther"), authers.keySet(), "authers");
        if (auther != null) {
            String[] entries = authers.get(auther);
            if (entries == null) {
                throw h.get("auther").error("auther '" + auther + "' loads its users (file, redis, http or plugin);"
                        + " a relay server takes only auths");
            }
            auths.addAll(List.of(entries));
        }
        return auths.toArray(String[]::new);
    }

    private static Map<String, Node> mergedMetadata(Node handler, Node listener) {
        Map<String, Node> merged = new LinkedHashMap<>();
        for (Node metadata : new Node[] {handler, listener}) {
            if (metadata == null) {
                continue;
            }
            for (Map.Entry<String, Node> e : metadata.metadata(TUN_METADATA).entrySet()) {
                if (merged.put(e.getKey(), e.getValue()) != null) {
                    throw e.getValue().error("given in both the handler's and the listener's metadata");
                }
            }
        }
        return merged;
    }

    /** The single forwarding target: {@code forwarder.targets[0]} or {@code forwarder.nodes[0].addr}. */
    private static Node target(Node forwarder) {
        if (forwarder == null) {
            return null;
        }
        Map<String, Node> f = forwarder.fields(set("targets", "nodes"));
        List<Node> targets = new ArrayList<>();
        for (Node t : Sections.list(f.get("targets"))) {
            targets.add(t);
        }
        for (Node n : Sections.list(f.get("nodes"))) {
            Map<String, Node> node = n.fields(set("name", "addr"));
            targets.add(required(n, node, "addr"));
        }
        if (targets.size() != 1) {
            throw forwarder.error("exactly one target (the tunnel server) is supported, got " + targets.size());
        }
        return targets.get(0);
    }

    private static String reference(Node node, Set<String> defined, String section) {
        if (node == null || node.isMissing()) {
            return null;
        }
        String name = node.string();
        if (!defined.contains(name)) {
            throw node.error("'" + name + "' is not defined under " + section);
        }
        return name;
    }

    /** Points a rule's message at the document node the option came from. */
    private IllegalArgumentException locate(OptionException e, Node addr, Node target, Map<String, Node> h,
            Map<String, Node> metadata) {
        Node node = switch (e.option()) {
            case "listen" -> addr;
            case "remote" -> target;
            case "auther" -> h.get("auther");
            case "chain" -> h.get("chain");
            default -> metadata.get(e.option());
        };
        return (node == null ? service : node).error(e.getMessage());
    }
}
