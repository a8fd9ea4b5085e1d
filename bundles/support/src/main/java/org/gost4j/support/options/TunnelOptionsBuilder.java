package org.gost4j.support.options;

import static org.gost4j.support.options.OptionValues.address;
import static org.gost4j.support.options.OptionValues.cidr;
import static org.gost4j.support.options.OptionValues.items;

import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.gost4j.api.device.DeviceType;
import org.gost4j.api.device.IpNetwork;
import org.gost4j.api.router.RouteEntry;
import org.gost4j.support.net.HostPort;

/**
 * Collects a tunnel's options from any entry point and checks each against its rule as it comes
 * ({@link #option}), then the rules between them ({@link #build}). Every failure is an {@link OptionException}.
 */
public final class TunnelOptionsBuilder {

    private final String name;
    private final DeviceType type;
    private String listen = TunnelOptions.DEFAULT_LISTEN;
    private String remote;
    private String chain;
    private List<IpNetwork> net = List.of();
    private String deviceName = "";
    private int mtu = TunnelOptions.DEFAULT_MTU;
    private int bufferSize = TunnelOptions.DEFAULT_BUFFER_SIZE;
    private boolean keepalive;
    private Duration ttl = Duration.ofMillis(TunnelOptions.DEFAULT_TTL_MILLIS);
    private List<IpNetwork> route = List.of();
    private InetAddress gw;
    private List<RouteEntry> routes = List.of();
    private boolean p2p;
    private String auther;
    private String router;
    private InetAddress peer;
    private boolean offload = true;
    private String passphrase = "";
    private List<InetAddress> dns = List.of();
    private int maxPeers = TunnelOptions.DEFAULT_MAX_PEERS;

    TunnelOptionsBuilder(String name, String type) {
        try {
            this.name = Names.check(name);
        } catch (IllegalArgumentException e) {
            throw OptionException.about("service", "service name " + e.getMessage());
        }
        this.type = switch (type.toLowerCase(Locale.ROOT)) {
            case "tun" -> DeviceType.TUN;
            case "tap" -> DeviceType.TAP;
            default -> throw OptionException.about("type", "type '" + type + "' is not supported (tun or tap)");
        };
    }

    /** The local UDP address, {@code [host]:port}; default {@value TunnelOptions#DEFAULT_LISTEN}. */
    public TunnelOptionsBuilder listen(String text) {
        listen = text;
        return this;
    }

    /** The server's UDP address, {@code host:port}: the service is a client. */
    public TunnelOptionsBuilder remote(String text) {
        remote = text;
        return this;
    }

    /** Sends the datagrams through the {@code gost4j.chain} of this name (GOST's {@code handler.chain}). */
    public TunnelOptionsBuilder chain(String chainName) {
        chain = OptionValues.name("chain", chainName);
        return this;
    }

    /**
     * Sets one option as a URL query or YAML metadata names it ({@link TunnelOptions#OPTIONS}). The value may be
     * text (a URL's), a YAML scalar or list, or a ConfigAdmin property value; lists may also be comma-separated
     * text.
     *
     * @throws OptionException if the value breaks the option's rule
     */
    public TunnelOptionsBuilder option(String option, Object value) {
        switch (option) {
            case "net" -> net = cidrs(option, value);
            case "name" -> deviceName = deviceName(OptionValues.scalar(option, value));
            case "mtu" -> mtu = OptionValues.integer(option, value, TunnelOptions.MIN_MTU, TunnelOptions.MAX_MTU);
            case "buffersize" -> bufferSize = OptionValues.integer(option, value, TunnelOptions.MIN_MTU,
                    TunnelOptions.MAX_MTU);
            case "keepalive" -> keepalive = OptionValues.bool(option, value);
            case "ttl" -> ttl = OptionValues.seconds(option, value);
            case "route" -> route = cidrs(option, value);
            case "gw" -> gw = address(option, OptionValues.scalar(option, value));
            case "routes" -> routes = gatewayRoutes(option, value);
            case "router" -> router = OptionValues.name(option, value);
            case "auther" -> auther = OptionValues.name(option, value);
            case "p2p" -> p2p = OptionValues.bool(option, value);
            case "passphrase" -> passphrase = truncate(OptionValues.scalar(option, value));
            case "peer" -> peer = address(option, OptionValues.scalar(option, value));
            case "offload" -> offload = OptionValues.bool(option, value);
            case "dns" -> dns = items(option, value).stream().map(server -> address(option, server)).toList();
            case "maxpeers" -> maxPeers = OptionValues.integer(option, value, 1, TunnelOptions.MAX_MAX_PEERS);
            default -> throw OptionException.bad(option, "unknown option (known: " + String.join(", ",
                    TunnelOptions.OPTIONS) + ")");
        }
        return this;
    }

    /** The keepalive period as a duration (a ConfigAdmin property holds milliseconds, a URL seconds). */
    TunnelOptionsBuilder ttl(Duration period) {
        ttl = period;
        return this;
    }

    /** @throws OptionException if the options do not fit together, or an address is malformed */
    public TunnelOptions build() {
        try {
            HostPort.parse("listen address", listen, true, true);
        } catch (IllegalArgumentException e) {
            throw OptionException.about("listen", e.getMessage());
        }
        if (remote != null) {
            try {
                // through a chain the last node resolves the address: its host may be left out (its own)
                HostPort.parse("remote address", remote, false, chain != null);
            } catch (IllegalArgumentException e) {
                throw OptionException.about("remote", e.getMessage());
            }
        }
        // A TUN peer is known by its tunnel address; a TAP device may well be a bridge port without one.
        if (type == DeviceType.TUN && net.isEmpty()) {
            throw OptionException.about("net", "option net is required for tun (e.g. net=192.168.123.1/24)");
        }
        return new TunnelOptions(name, type, listen, remote, chain, net, deviceName, mtu, bufferSize, keepalive, ttl,
                route, gw, routes, p2p, auther, router, peer, offload, passphrase, dns, maxPeers);
    }

    private static List<IpNetwork> cidrs(String option, Object value) {
        return items(option, value).stream().map(text -> cidr(option, text)).toList();
    }

    /** GOST's {@code CIDR GATEWAY} entries ({@link RouteEntry#parse}, the one parser of that form). */
    private static List<RouteEntry> gatewayRoutes(String option, Object value) {
        List<RouteEntry> entries = new ArrayList<>();
        for (String text : items(option, value)) {
            try {
                entries.add(RouteEntry.parse(text));
            } catch (IllegalArgumentException e) {
                throw OptionException.bad(option, e.getMessage());
            }
        }
        return entries;
    }

    private static String deviceName(String text) {
        if (text.length() > TunnelOptions.DEVICE_NAME_MAX) {
            throw OptionException.bad("name", "'" + text + "' is longer than " + TunnelOptions.DEVICE_NAME_MAX
                    + " characters");
        }
        if (text.equals(".") || text.equals("..") || !text.matches("[^/:\\s]*")) {
            throw OptionException.bad("name", "'" + text + "' is not a valid interface name (no '/', ':' or blanks)");
        }
        return text;
    }

    /** Cuts to the bytes GOST sends, without splitting a UTF-8 character. */
    private static String truncate(String text) {
        String cut = text;
        while (cut.getBytes(StandardCharsets.UTF_8).length > TunnelOptions.PASSPHRASE_MAX_BYTES) {
            cut = cut.substring(0, cut.offsetByCodePoints(cut.length(), -1));
        }
        return cut;
    }
}
