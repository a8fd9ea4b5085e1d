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
     * The properties the relay bundle reads (ARCHITECTURE.md, {@code gost4j.relay}): listener {@code ws}/{@code wss}
     * is {@code tls}, its metadata {@code path} and its {@code tls} {@code certFile}/{@code keyFile} are
     * {@code path} and {@code cert.file}/{@code key.file}; the handler's {@code auth} and the entries of its
     * {@code auther} are {@code auths}; the handler's metadata {@code bind} is {@code bind}.
     */
    private FactoryConfiguration relay(String name, Node addr, Map<String, Node> h, Node listener, Map<String, Node> l,
            String listenerType, Node forwarder) {
        boolean tls = switch (listenerType) {
            case "wss" -> true;
            case "ws" -> false;
            default -> throw listener.child("type").error("'" + listenerType
                    + "' is not supported for relay (ws, wss: the relay server speaks WebSocket)");
        };
        if (forwarder != null) {
            throw forwarder.error("a relay service takes no forwarder");
        }
        if (h.containsKey("chain")) {
            throw h.get("chain").error("a relay service takes no chain");
        }
        Map<String, Object> props = ConfigFile.properties(name);
        props.put("listen", addr.scalar());
        props.put("tls", tls);
        String path = "/ws";
        Node listenerMetadata = l.get("metadata");
        if (listenerMetadata != null) {
            Node pathNode = listenerMetadata.metadata(set("path")).get("path");
            if (pathNode != null) {
                path = pathNode.string();
                if (!path.startsWith("/")) {
                    throw pathNode.error("'" + path + "' must start with '/'");
                }
            }
        }
        props.put("path", path);
        boolean bind = false;
        Node handlerMetadata = h.get("metadata");
        if (handlerMetadata != null) {
            Node bindNode = handlerMetadata.metadata(set("bind")).get("bind");
            bind = bindNode != null && bindNode.bool();
        }
        props.put("bind", bind);
        props.put("auths", relayAuths(h));
        String[] certificate = certificate(l.get("tls"), tls);
        props.put("cert.file", certificate[0]);
        props.put("key.file", certificate[1]);
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

    /** {certFile, keyFile} of a {@code wss} listener's {@code tls}; empty strings for a self-signed certificate. */
    private static String[] certificate(Node tlsNode, boolean tls) {
        if (tlsNode == null) {
            return new String[] {"", ""};
        }
        if (!tls) {
            throw tlsNode.error("a ws listener takes no tls (use wss)");
        }
        Map<String, Node> t = tlsNode.fields(set("certFile", "keyFile"));
        String cert = t.containsKey("certFile") ? t.get("certFile").string() : "";
        String key = t.containsKey("keyFile") ? t.get("keyFile").string() : "";
        if (cert.isEmpty() != key.isEmpty()) {
            throw tlsNode.error("certFile and keyFile go together");
        }
        return new String[] {cert, key};
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
