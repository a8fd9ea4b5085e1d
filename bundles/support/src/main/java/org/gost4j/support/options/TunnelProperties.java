package org.gost4j.support.options;

import java.net.InetAddress;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.gost4j.api.device.IpNetwork;

/**
 * {@link TunnelOptions} as the properties of a {@code gost4j.tunnel} ConfigAdmin configuration, the contract
 * between the config bundle (and {@code .cfg} files) and the tunnel bundle; ARCHITECTURE.md lists them.
 */
public final class TunnelProperties {

    public static final String NAME = "name";
    public static final String TYPE = "type";
    public static final String LISTEN = "listen";
    public static final String REMOTE = "remote";
    public static final String NET = "net";
    public static final String DEVICE_NAME = "device.name";
    public static final String MTU = "mtu";
    public static final String BUFFER_SIZE = "buffersize";
    public static final String KEEPALIVE = "keepalive";
    /** Milliseconds (a Go duration such as {@code 10s} is read too). */
    public static final String TTL = "ttl";
    public static final String ROUTE = "route";
    public static final String GW = "gw";
    public static final String ROUTES = "routes";
    public static final String P2P = "p2p";
    public static final String PEER = "peer";
    public static final String OFFLOAD = "offload";
    public static final String DNS = "dns";
    public static final String MAX_PEERS = "maxpeers";
    /** Private (leading dot): DS keeps it out of the tunnel's service properties. */
    public static final String PASSPHRASE = ".passphrase";
    /** Names of a {@code gost4j.auther}, {@code gost4j.router}, {@code gost4j.chain}, each with its reference target. */
    public static final String AUTHER = "auther";
    public static final String AUTHER_TARGET = "auther.target";
    public static final String ROUTER = "router";
    public static final String ROUTER_TARGET = "router.target";
    public static final String CHAIN = "chain";
    public static final String TRANSPORT_TARGET = "transport.target";

    /** Property to option, for those a property holds in the option's own form. */
    private static final Map<String, String> OPTION_OF = optionsByProperty();

    private TunnelProperties() {
    }

    private static Map<String, String> optionsByProperty() {
        Map<String, String> options = new LinkedHashMap<>();
        for (String option : TunnelOptions.OPTIONS) {
            options.put(option, option);
        }
        options.remove("name");
        options.remove("passphrase");
        options.remove("ttl");
        options.put(DEVICE_NAME, "name");
        options.put(PASSPHRASE, "passphrase");
        return options;
    }

    /**
     * Reads a configuration as ConfigAdmin hands it over: typed values as the config bundle writes them, or the
     * strings of a {@code .cfg} file. Empty strings count as not set; other properties (DS targets, PIDs) are
     * not looked at.
     *
     * @throws OptionException with the same message a URL or YAML file gets for the same value
     */
    public static TunnelOptions read(Map<String, ?> properties) {
        TunnelOptionsBuilder builder = TunnelOptions.builder(text(properties, NAME, ""),
                text(properties, TYPE, "tun"));
        builder.listen(text(properties, LISTEN, TunnelOptions.DEFAULT_LISTEN));
        String remote = text(properties, REMOTE, "");
        if (!remote.isEmpty()) {
            builder.remote(remote);
        }
        for (Map.Entry<String, String> e : OPTION_OF.entrySet()) {
            Object value = properties.get(e.getKey());
            if (isSet(value)) {
                builder.option(e.getValue(), value);
            }
        }
        if (isSet(properties.get(TTL))) {
            builder.ttl(OptionValues.millis("ttl", properties.get(TTL)));
        }
        String chain = text(properties, CHAIN, "");
        if (!chain.isEmpty()) {
            builder.chain(chain);
        }
        TunnelOptions options = builder.build();
        requireTarget(properties, AUTHER, AUTHER_TARGET, options.auther(), "(name=" + options.auther() + ")");
        requireTarget(properties, ROUTER, ROUTER_TARGET, options.router(), "(name=" + options.router() + ")");
        requireTarget(properties, CHAIN, TRANSPORT_TARGET, options.chain(), chainTarget(options.chain()));
        return options;
    }

    /** The properties in the types ARCHITECTURE.md gives; optional ones only when set. */
    public static Map<String, Object> write(TunnelOptions options) {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put(NAME, options.name());
        p.put(TYPE, options.type().name().toLowerCase(Locale.ROOT));
        p.put(LISTEN, options.listen());
        if (options.remote() != null) {
            p.put(REMOTE, options.remote());
        }
        p.put(NET, strings(options.net()));
        p.put(DEVICE_NAME, options.deviceName());
        p.put(MTU, options.mtu());
        p.put(BUFFER_SIZE, options.bufferSize());
        p.put(KEEPALIVE, options.keepalive());
        p.put(TTL, options.ttl().toMillis());
        p.put(ROUTE, strings(options.route()));
        if (options.gw() != null) {
            p.put(GW, IpNetwork.format(options.gw()));
        }
        if (options.peer() != null) {
            p.put(PEER, IpNetwork.format(options.peer()));
        }
        if (!options.passphrase().isEmpty()) {
            p.put(PASSPHRASE, options.passphrase());
        }
        if (!options.routes().isEmpty()) {
            p.put(ROUTES, strings(options.routes()));
        }
        if (options.p2p()) {
            p.put(P2P, true);
        }
        if (options.auther() != null) {
            p.put(AUTHER, options.auther());
            p.put(AUTHER_TARGET, "(name=" + options.auther() + ")");
        }
        if (options.router() != null) {
            p.put(ROUTER, options.router());
            p.put(ROUTER_TARGET, "(name=" + options.router() + ")");
        }
        if (!options.offload()) {
            p.put(OFFLOAD, false);
        }
        if (!options.dns().isEmpty()) {
            p.put(DNS, options.dns().stream().map(IpNetwork::format).toArray(String[]::new));
        }
        if (options.maxPeers() != TunnelOptions.DEFAULT_MAX_PEERS) {
            p.put(MAX_PEERS, options.maxPeers());
        }
        if (options.chain() != null) {
            p.put(CHAIN, options.chain());
            p.put(TRANSPORT_TARGET, chainTarget(options.chain()));
        }
        return p;
    }

    /** The transport reference target of a tunnel whose datagrams go through the named chain. */
    public static String chainTarget(String chain) {
        return "(&(transport=chain)(name=" + chain + "))";
    }

    /** A name without its target would silently match nothing: refuse it with the property to add. */
    private static void requireTarget(Map<String, ?> properties, String property, String target, String name,
            String wanted) {
        if (name != null && !isSet(properties.get(target))) {
            throw OptionException.bad(property, "'" + name + "' needs " + target + "=" + wanted);
        }
    }

    private static String text(Map<String, ?> properties, String key, String otherwise) {
        Object value = properties.get(key);
        return isSet(value) ? OptionValues.scalar(key, value).trim() : otherwise;
    }

    private static boolean isSet(Object value) {
        return value != null && !(value instanceof String text && text.isBlank());
    }

    private static String[] strings(List<?> values) {
        return values.stream().map(Object::toString).toArray(String[]::new);
    }
}
