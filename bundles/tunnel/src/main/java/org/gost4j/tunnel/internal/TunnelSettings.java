package org.gost4j.tunnel.internal;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import org.gost4j.api.device.DeviceSpec;
import org.gost4j.api.device.DeviceType;
import org.gost4j.api.device.IpNetwork;
import org.gost4j.api.router.RouteEntry;
import org.gost4j.support.net.HostPort;

/**
 * A validated tunnel configuration. {@code deviceRoutes} are the networks of {@code route} and {@code routes},
 * installed on the device; {@code gatewayRoutes} are those with a gateway ({@code route} via {@code gw}, and
 * {@code routes}), used by a server without a named router, as GOST does.
 */
record TunnelSettings(String name, InetSocketAddress listen, InetSocketAddress remote, List<IpNetwork> net,
        String deviceName, int mtu, int bufferSize, boolean keepalive, long ttlMillis, List<IpNetwork> deviceRoutes,
        List<RouteEntry> gatewayRoutes, String passphrase, boolean p2p, String autherName, String routerName,
        DeviceType type, InetAddress peer, boolean offload) {

    /** @throws IllegalArgumentException naming the bad property */
    static TunnelSettings from(TunnelConfig config) {
        DeviceType type = switch (config.type().toLowerCase(Locale.ROOT)) {
            case "tun" -> DeviceType.TUN;
            case "tap" -> DeviceType.TAP;
            default -> throw new IllegalArgumentException("type '" + config.type() + "' is not supported (tun or tap)");
        };
        if (config.mtu() < 68 || config.mtu() > 65535) {
            throw new IllegalArgumentException("mtu " + config.mtu() + " out of range 68..65535");
        }
        if (config.buffersize() < 68 || config.buffersize() > 65535) {
            throw new IllegalArgumentException("buffersize " + config.buffersize() + " out of range 68..65535");
        }
        if (config.ttl() <= 0) {
            throw new IllegalArgumentException("ttl must be positive, got " + config.ttl() + " ms");
        }
        InetAddress gw = config.gw().isBlank() ? null : IpNetwork.parse(config.gw()).address();
        InetAddress peer = address("peer", config.peer());
        List<IpNetwork> route = networks(config.route());
        List<RouteEntry> gatewayRoutes = new ArrayList<>();
        if (gw != null) {
            route.forEach(network -> gatewayRoutes.add(new RouteEntry(network, gw)));
        }
        for (String entry : config.routes()) {
            if (!entry.isBlank()) {
                gatewayRoutes.add(RouteEntry.parse(entry));
            }
        }
        Set<IpNetwork> deviceRoutes = new LinkedHashSet<>(route);
        gatewayRoutes.forEach(entry -> deviceRoutes.add(entry.network()));
        if (type == DeviceType.TAP) {
            // GOST's TAP listener routes these via their gateway on the link (nextHopRoutes), not as link routes
            gatewayRoutes.forEach(entry -> deviceRoutes.remove(entry.network()));
        }
        return new TunnelSettings(config.name(), socketAddress("listen", config.listen()),
                config.remote().isBlank() ? null : socketAddress("remote", config.remote()),
                networks(config.net()), config.device_name(), config.mtu(), config.buffersize(), config.keepalive(),
                config.ttl(), List.copyOf(deviceRoutes), List.copyOf(gatewayRoutes), config._passphrase(),
                config.p2p(), config.auther().trim(), config.router().trim(), type, peer, config.offload());
    }

    /** TAP: routes the device carries via a next hop on its link, as GOST's TAP listener installs them. */
    List<RouteEntry> nextHopRoutes() {
        return type == DeviceType.TAP ? gatewayRoutes : List.of();
    }

    boolean isClient() {
        return remote != null;
    }

    DeviceSpec deviceSpec() {
        return new DeviceSpec(deviceName, type, mtu, net, deviceRoutes, peer, offload);
    }

    boolean hasAuther() {
        return !autherName.isEmpty();
    }

    boolean hasRouter() {
        return !routerName.isEmpty();
    }

    /**
     * Largest datagram accepted from the network: the buffer size, but never less than a full-MTU packet (for
     * TAP with its Ethernet header).
     */
    int maxDatagram() {
        return Math.max(bufferSize, type == DeviceType.TAP ? mtu + EthernetFrames.MAX_HEADER : mtu);
    }

    /** An IP address (no prefix), or null if blank. */
    private static InetAddress address(String property, String value) {
        if (value.isBlank()) {
            return null;
        }
        IpNetwork parsed;
        try {
            parsed = IpNetwork.parse(value.trim());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(property + ": " + e.getMessage());
        }
        if (parsed.prefixLength() != parsed.address().getAddress().length * 8) {
            throw new IllegalArgumentException(property + " '" + value + "' is a network, not an address");
        }
        return parsed.address();
    }

    private static List<IpNetwork> networks(String[] cidrs) {
        return Arrays.stream(cidrs).map(String::trim).filter(cidr -> !cidr.isEmpty()).map(IpNetwork::parse).toList();
    }

    /** {@code host:port}, {@code :port} or {@code [v6]:port}, resolved; an empty host is the wildcard address. */
    static InetSocketAddress socketAddress(String property, String value) {
        InetSocketAddress parsed = HostPort.parse(property, value, true);
        if (!parsed.isUnresolved()) {
            return parsed;
        }
        InetSocketAddress address = new InetSocketAddress(parsed.getHostString(), parsed.getPort());
        if (address.isUnresolved()) {
            throw new IllegalArgumentException(property + " '" + value + "': cannot resolve " + parsed.getHostString());
        }
        return address;
    }
}
