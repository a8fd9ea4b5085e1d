package org.gost4j.tunnel.internal;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import org.gost4j.api.device.DeviceSpec;
import org.gost4j.api.device.DeviceType;
import org.gost4j.api.device.IpNetwork;
import org.gost4j.api.router.RouteEntry;
import org.gost4j.support.options.TunnelOptions;

/**
 * A tunnel's options ({@link TunnelOptions}, checked already) in the form the engines use: addresses resolved,
 * routes split by where they go. {@code deviceRoutes} are the networks of {@code route} and {@code routes},
 * installed on the device; {@code gatewayRoutes} are those with a gateway ({@code route} via {@code gw}, and
 * {@code routes}), used by a server without a named router, as GOST does.
 */
record TunnelSettings(String name, InetSocketAddress listen, InetSocketAddress remote, List<IpNetwork> net,
        String deviceName, int mtu, int bufferSize, boolean keepalive, long ttlMillis, List<IpNetwork> deviceRoutes,
        List<RouteEntry> gatewayRoutes, String passphrase, boolean p2p, String autherName, String routerName,
        DeviceType type, InetAddress peer, boolean offload, int maxPeers) {

    /** @throws org.gost4j.support.options.OptionException if the remote host cannot be resolved */
    static TunnelSettings from(TunnelOptions options) {
        List<RouteEntry> gatewayRoutes = new ArrayList<>();
        if (options.gw() != null) {
            options.route().forEach(network -> gatewayRoutes.add(new RouteEntry(network, options.gw())));
        }
        gatewayRoutes.addAll(options.routes());
        Set<IpNetwork> deviceRoutes = new LinkedHashSet<>(options.route());
        gatewayRoutes.forEach(entry -> deviceRoutes.add(entry.network()));
        if (options.type() == DeviceType.TAP) {
            // GOST's TAP listener routes these via their gateway on the link (nextHopRoutes), not as link routes
            gatewayRoutes.forEach(entry -> deviceRoutes.remove(entry.network()));
        }
        return new TunnelSettings(options.name(), options.resolveListen(), options.resolveRemote(),
                options.net(),
                options.deviceName(), options.mtu(), options.bufferSize(), options.keepalive(),
                options.ttl().toMillis(), List.copyOf(deviceRoutes), List.copyOf(gatewayRoutes), options.passphrase(),
                options.p2p(), nameOrEmpty(options.auther()), nameOrEmpty(options.router()), options.type(),
                options.peer(), options.offload(), options.maxPeers());
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

    private static String nameOrEmpty(String name) {
        return name == null ? "" : name;
    }
}
