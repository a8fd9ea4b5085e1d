package org.gost4j.chain.relay.internal;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.function.Supplier;

import org.gost4j.api.tunnel.TunnelMBean;

import io.netty.util.NetUtil;

/** The UDP addresses the tunnel servers running beside a relay listen on: the relay's {@code tunnels} target. */
final class TunnelServers implements Supplier<Collection<InetSocketAddress>> {

    private final Supplier<Collection<TunnelMBean>> tunnels;

    TunnelServers(Supplier<Collection<TunnelMBean>> tunnels) {
        this.tunnels = tunnels;
    }

    @Override
    public Collection<InetSocketAddress> get() {
        List<InetSocketAddress> servers = new ArrayList<>();
        for (TunnelMBean tunnel : tunnels.get()) {
            try {
                if ("server".equals(tunnel.getMode())) {
                    InetSocketAddress address = parse(tunnel.getListenAddress());
                    if (address != null) {
                        servers.add(address);
                    }
                }
            } catch (RuntimeException stopping) {
                // a tunnel going away while asked: it serves nothing any more
            }
        }
        return servers;
    }

    /**
     * Reads {@link InetSocketAddress#toString()}'s forms ({@code /0.0.0.0:8421}, {@code host/[::]:8421});
     * null if it is none of them.
     */
    static InetSocketAddress parse(String text) {
        if (text == null) {
            return null;
        }
        String address = text.substring(text.indexOf('/') + 1);
        int colon = address.lastIndexOf(':');
        if (colon < 0) {
            return null;
        }
        String host = address.substring(0, colon);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        byte[] ip = NetUtil.createByteArrayFromIpAddressString(host);
        try {
            int port = Integer.parseInt(address.substring(colon + 1));
            return ip == null ? null : new InetSocketAddress(InetAddress.getByAddress(ip), port);
        } catch (NumberFormatException | UnknownHostException e) {
            return null;
        }
    }
}
