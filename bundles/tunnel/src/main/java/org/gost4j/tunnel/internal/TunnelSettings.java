package org.gost4j.tunnel.internal;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

import org.gost4j.api.device.DeviceSpec;
import org.gost4j.api.device.DeviceType;
import org.gost4j.api.device.IpNetwork;

/** A validated tunnel configuration. */
record TunnelSettings(String name, InetSocketAddress listen, InetSocketAddress remote, List<IpNetwork> net,
        String deviceName, int mtu, int bufferSize, boolean keepalive, long ttlMillis, List<IpNetwork> routes,
        InetAddress gateway, String passphrase, boolean offload) {

    /** @throws IllegalArgumentException naming the bad property */
    static TunnelSettings from(TunnelConfig config) {
        if (!"tun".equals(config.type().toLowerCase(Locale.ROOT))) {
            throw new IllegalArgumentException("type '" + config.type() + "' is not supported (only tun)");
        }
        if (config.mtu() < 68 || config.mtu() > 65535) {
            throw new IllegalArgumentException("mtu " + config.mtu() + " out of range 68..65535");
        }
        if (config.buffersize() < 68 || config.buffersize() > 65535) {
            throw new IllegalArgumentException("buffersize " + config.buffersize() + " out of range 68..65535");
        }
        if (config.ttl() <= 0) {
            throw new IllegalArgumentException("ttl must be positive, got " + config.ttl() + " ms");
        }
        return new TunnelSettings(config.name(), socketAddress("listen", config.listen()),
                config.remote().isBlank() ? null : socketAddress("remote", config.remote()),
                networks(config.net()), config.device_name(), config.mtu(), config.buffersize(), config.keepalive(),
                config.ttl(), networks(config.route()),
                config.gw().isBlank() ? null : IpNetwork.parse(config.gw()).address(), config._passphrase(),
                config.offload());
    }

    boolean isClient() {
        return remote != null;
    }

    DeviceSpec deviceSpec() {
        return new DeviceSpec(deviceName, DeviceType.TUN, mtu, net, routes, offload);
    }

    /** Largest datagram accepted from the network: the buffer size, but never less than a full-MTU packet. */
    int maxDatagram() {
        return Math.max(bufferSize, mtu);
    }

    private static List<IpNetwork> networks(String[] cidrs) {
        return Arrays.stream(cidrs).map(String::trim).filter(cidr -> !cidr.isEmpty()).map(IpNetwork::parse).toList();
    }

    /** {@code host:port}, {@code :port} or {@code [v6]:port}; an empty host is the wildcard address. */
    static InetSocketAddress socketAddress(String property, String value) {
        int colon = value.lastIndexOf(':');
        if (colon < 0) {
            throw new IllegalArgumentException(property + " '" + value + "' lacks a port");
        }
        String host = value.substring(0, colon);
        int port;
        try {
            port = Integer.parseInt(value.substring(colon + 1));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(property + " '" + value + "' has a bad port");
        }
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException(property + " '" + value + "' has a port out of range");
        }
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        InetSocketAddress address = host.isEmpty() ? new InetSocketAddress(port) : new InetSocketAddress(host, port);
        if (address.isUnresolved()) {
            throw new IllegalArgumentException(property + " '" + value + "': cannot resolve " + host);
        }
        return address;
    }
}
