package org.gost4j.support.options;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.gost4j.api.device.DeviceType;
import org.gost4j.api.device.IpNetwork;
import org.gost4j.api.router.RouteEntry;
import org.gost4j.support.net.HostPort;

/**
 * The options of one TUN or TAP tunnel service, typed and checked: the one model every entry point goes through.
 * A URL ({@code -L}), a YAML service ({@code -C}) and a ConfigAdmin configuration ({@code .cfg}, or what the
 * config bundle wrote) all become a {@code TunnelOptions} through {@link TunnelOptionsBuilder} or
 * {@link TunnelProperties#read}, so each rule and its message is written once (see ARCHITECTURE.md). It travels
 * between bundles only as ConfigAdmin properties ({@link TunnelProperties}).
 *
 * <p>Absent optional values are null ({@code remote} for a server, {@code chain}, {@code gw}, {@code peer},
 * {@code auther}, {@code router}).
 *
 * @param listen the local UDP address as written ({@code :8421}, {@code [::]:8421}), checked
 * @param remote the server's UDP address as written, checked; its host may be empty only through a chain
 * @param chain  name of the {@code gost4j.chain} the datagrams go through; null for plain UDP
 */
public record TunnelOptions(String name, DeviceType type, String listen, String remote, String chain,
        List<IpNetwork> net, String deviceName, int mtu, int bufferSize, boolean keepalive, Duration ttl,
        List<IpNetwork> route, InetAddress gw, List<RouteEntry> routes, boolean p2p, String auther, String router,
        InetAddress peer, boolean offload, String passphrase, List<InetAddress> dns, int maxPeers) {

    public static final int DEFAULT_MTU = 1350;
    public static final int DEFAULT_BUFFER_SIZE = 1500;
    public static final long DEFAULT_TTL_MILLIS = 10_000;
    public static final String DEFAULT_LISTEN = ":8421";
    /** The GOST client registration carries at most this many passphrase bytes. */
    public static final int PASSPHRASE_MAX_BYTES = 16;
    /** Longest Linux interface name (IFNAMSIZ - 1). */
    public static final int DEVICE_NAME_MAX = 15;
    /** Smallest IPv4 MTU; also the smallest datagram buffer. */
    public static final int MIN_MTU = 68;
    public static final int MAX_MTU = 65535;
    /** Tunnel IPs a TUN server keeps at most (option {@code maxpeers}). */
    public static final int DEFAULT_MAX_PEERS = 4096;
    public static final int MAX_MAX_PEERS = 1_000_000;

    /** The options a URL query or a YAML service's metadata may carry, in the order usage texts list them. */
    public static final List<String> OPTIONS = List.of("net", "name", "mtu", "buffersize", "keepalive", "ttl",
            "route", "gw", "routes", "router", "auther", "p2p", "passphrase", "peer", "offload", "dns", "maxpeers");

    /** The options that take several values (comma-separated, or repeated in a URL). */
    public static final Set<String> LIST_OPTIONS = Set.of("net", "route", "routes", "dns");

    public TunnelOptions {
        net = List.copyOf(net);
        route = List.copyOf(route);
        routes = List.copyOf(routes);
        dns = List.copyOf(dns);
    }

    /** @param type {@code tun} or {@code tap}, in any case */
    public static TunnelOptionsBuilder builder(String name, String type) {
        return new TunnelOptionsBuilder(name, type);
    }

    /** Reads and checks a {@code gost4j.tunnel} configuration; see {@link TunnelProperties#read}. */
    public static TunnelOptions fromProperties(Map<String, ?> properties) {
        return TunnelProperties.read(properties);
    }

    /** The {@code gost4j.tunnel} configuration properties; see {@link TunnelProperties#write}. */
    public Map<String, Object> toProperties() {
        return TunnelProperties.write(this);
    }

    /**
     * One network by the rule of option {@code route}, for what takes a route elsewhere (a tunnel's
     * {@code addRoute} over JMX), so it fails with the same message.
     */
    public static IpNetwork parseRoute(String cidr) {
        return OptionValues.cidr("route", cidr == null ? "" : cidr.trim());
    }

    /**
     * One IP address by the rule of the address options ({@code gw}, {@code peer}), for what takes a tunnel IP
     * elsewhere (a tunnel's {@code disconnectPeer} over JMX).
     *
     * @throws IllegalArgumentException {@code 'x' is not an IP address}
     */
    public static InetAddress parseAddress(String text) {
        return OptionValues.address(text == null ? "" : text.trim());
    }

    public boolean isClient() {
        return remote != null;
    }

    /**
     * The local address: for an empty host {@code [::]:port}, every IPv4 and IPv6 address on one socket (GOST
     * listens so on {@code :8421}, and a client's socket then reaches a server of either family); else its host
     * looked up now, an IPv4 address binding IPv4 only as GOST's "udp4" does.
     *
     * @throws OptionException {@code listen address 'h:8421': cannot resolve host h}
     */
    public InetSocketAddress resolveListen() {
        return resolve("listen", "listen address", listen, HostPort.parse("listen address", listen, true, true));
    }

    /**
     * The server's address, its host looked up now (DNS may answer differently later); the wildcard address for
     * an empty host through a chain; null for a server.
     *
     * @throws OptionException {@code remote address 'h:8421': cannot resolve host h}
     */
    public InetSocketAddress resolveRemote() {
        return remote == null ? null
                : resolve("remote", "remote address", remote, HostPort.parse("remote address", remote, false, true));
    }

    private static InetSocketAddress resolve(String option, String what, String text, InetSocketAddress address) {
        if (!address.isUnresolved()) {
            return address;
        }
        InetSocketAddress resolved = new InetSocketAddress(address.getHostString(), address.getPort());
        if (resolved.isUnresolved()) {
            throw OptionException.about(option, what + " '" + text + "': cannot resolve host "
                    + address.getHostString());
        }
        return resolved;
    }
}
