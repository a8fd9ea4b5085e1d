package org.gost4j.chain.relay.internal;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.function.Supplier;

import org.gost4j.support.net.TargetPattern;

/**
 * Which targets a relay server connects its clients to, entries as {@link TargetPattern} reads them:
 * {@code tunnels} (UDP to the ports of this host's tunnel servers: the default, what a relay beside a tunnel
 * server is for), IP addresses and CIDRs, host names (compared as the client wrote them, never looked up for
 * this), this host (loopback or any of its addresses), or anything ({@code *}, as GOST's relay does).
 */
final class TargetPolicy {

    static final String TUNNELS = TargetPattern.TUNNELS;

    private final List<String> text;
    private final List<TargetPattern> entries = new ArrayList<>();
    private final Supplier<Collection<InetSocketAddress>> tunnelServers;

    /**
     * @param tunnelServers the UDP addresses this host's tunnel servers listen on (a wildcard address for all
     *                      of this host's addresses), asked at each request
     */
    TargetPolicy(List<String> entries, Supplier<Collection<InetSocketAddress>> tunnelServers) {
        this.text = List.copyOf(entries);
        for (String entry : entries) {
            this.entries.add(TargetPattern.parse(entry));
        }
        this.tunnelServers = tunnelServers;
    }

    /** @throws IllegalArgumentException naming the first bad entry */
    static void check(List<String> entries) {
        entries.forEach(TargetPattern::parse);
    }

    boolean allowsAnything() {
        return entries.stream().anyMatch(e -> e.anyHost() && e.port() < 0);
    }

    @Override
    public String toString() {
        return String.join(",", text);
    }

    /**
     * @param udp whether the client asks for a UDP association (tunnel servers take UDP only)
     * @return why the client may not reach {@code target}, or null when it may
     */
    String refusal(boolean udp, RelayAddress target) {
        InetAddress ip = TargetPattern.literal(target.host());
        boolean named = ip == null && !target.host().isEmpty();
        for (TargetPattern e : entries) {
            if (e.tunnels()) {
                if (udp && !named && isTunnelServer(ip, target.port())) {
                    return null;
                }
            } else if (e.portMatches(target.port()) && (e.anyHost()
                    || (e.thisHost() && !named && isThisHost(ip))
                    || (e.name() != null && named && e.name().equalsIgnoreCase(target.host()))
                    || (ip != null && e.contains(ip)))) {
                return null;
            }
        }
        return (udp ? "udp " : "tcp ") + target + " is not in targets (" + this + ")";
    }

    /** @param ip null for the empty host (the relay server's own) */
    private boolean isTunnelServer(InetAddress ip, int port) {
        for (InetSocketAddress server : tunnelServers.get()) {
            if (server.getPort() != port) {
                continue;
            }
            InetAddress bound = server.getAddress();
            if (bound == null || bound.isAnyLocalAddress() ? isThisHost(ip)
                    : ip == null ? bound.isLoopbackAddress() : bound.equals(ip)) {
                return true;
            }
        }
        return false;
    }

    /** @param ip null for the empty host */
    private static boolean isThisHost(InetAddress ip) {
        if (ip == null || ip.isLoopbackAddress() || ip.isAnyLocalAddress()) {
            return true;
        }
        try {
            return NetworkInterface.getByInetAddress(ip) != null;
        } catch (SocketException e) {
            return false;
        }
    }
}
