package org.gost4j.chain.relay.internal;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;
import java.util.regex.Pattern;

import io.netty.util.NetUtil;

/**
 * Which targets a relay server connects its clients to. Entries: {@code tunnels} (UDP to the ports of this
 * host's tunnel servers: the default, what a relay beside a tunnel server is for), {@code host:port} with the
 * host an IP address ({@code [v6]} in brackets), a CIDR ({@code 10.0.0.0/8}, {@code [fd00::/64]}), a host name
 * (compared as the client wrote it), empty (this host: loopback or any of its addresses) or {@code *} (any),
 * and the port a number or {@code *}; {@code *} alone allows everything, as GOST's relay does.
 */
final class TargetPolicy {

    static final String TUNNELS = "tunnels";
    static final String ANY = "*";
    private static final Pattern HOST_NAME = Pattern.compile("[A-Za-z0-9]([A-Za-z0-9.-]{0,252})");

    private record Entry(boolean tunnels, boolean anyHost, boolean thisHost, String name, byte[] network,
            int prefixBits, int port) {

        boolean portMatches(int wanted) {
            return port < 0 || port == wanted;
        }
    }

    private final List<String> text;
    private final List<Entry> entries = new ArrayList<>();
    private final Supplier<Collection<InetSocketAddress>> tunnelServers;

    /**
     * @param tunnelServers the UDP addresses this host's tunnel servers listen on (a wildcard address for all
     *                      of this host's addresses), asked at each request
     */
    TargetPolicy(List<String> entries, Supplier<Collection<InetSocketAddress>> tunnelServers) {
        this.text = List.copyOf(entries);
        for (String entry : entries) {
            this.entries.add(parse(entry));
        }
        this.tunnelServers = tunnelServers;
    }

    /** @throws IllegalArgumentException naming the first bad entry */
    static void check(List<String> entries) {
        entries.forEach(TargetPolicy::parse);
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
        InetAddress ip = literal(target.host());
        boolean named = ip == null && !target.host().isEmpty();
        for (Entry e : entries) {
            if (e.tunnels()) {
                if (udp && !named && isTunnelServer(ip, target.port())) {
                    return null;
                }
            } else if (e.portMatches(target.port()) && (e.anyHost()
                    || (e.thisHost() && !named && isThisHost(ip))
                    || (e.name() != null && named && e.name().equalsIgnoreCase(target.host()))
                    || (e.network() != null && ip != null && inNetwork(ip, e.network(), e.prefixBits())))) {
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

    private static boolean inNetwork(InetAddress ip, byte[] network, int bits) {
        byte[] address = ip.getAddress();
        if (address.length != network.length) {
            return false;
        }
        for (int i = 0; i < bits; i++) {
            int mask = 0x80 >>> (i % 8);
            if ((address[i / 8] & mask) != (network[i / 8] & mask)) {
                return false;
            }
        }
        return true;
    }

    private static InetAddress literal(String host) {
        byte[] bytes = NetUtil.createByteArrayFromIpAddressString(host);
        if (bytes == null) {
            return null;
        }
        try {
            return InetAddress.getByAddress(bytes);
        } catch (UnknownHostException e) {
            throw new AssertionError(e); // 4 or 16 bytes are always an address
        }
    }

    private static Entry parse(String entry) {
        String e = entry.strip();
        if (e.equalsIgnoreCase(TUNNELS)) {
            return new Entry(true, false, false, null, null, 0, -1);
        }
        if (e.equals(ANY)) {
            return new Entry(false, true, false, null, null, 0, -1);
        }
        int colon = e.lastIndexOf(':');
        if (colon < 0) {
            throw bad(entry, "needs host:port (host may be empty for this host, or *; port may be *)");
        }
        String host = e.substring(0, colon);
        int port = port(entry, e.substring(colon + 1));
        if (host.isEmpty()) {
            return new Entry(false, false, true, null, null, 0, port);
        }
        if (host.equals(ANY)) {
            return new Entry(false, true, false, null, null, 0, port);
        }
        boolean bracketed = host.startsWith("[") && host.endsWith("]");
        if (bracketed) {
            host = host.substring(1, host.length() - 1);
        }
        int slash = host.indexOf('/');
        String address = slash < 0 ? host : host.substring(0, slash);
        InetAddress ip = literal(address);
        if (ip == null) {
            if (bracketed || slash >= 0 || !HOST_NAME.matcher(host).matches()) {
                throw bad(entry, "'" + host + "' is not an IP address, CIDR or host name");
            }
            return new Entry(false, false, false, host.toLowerCase(Locale.ROOT), null, 0, port);
        }
        if (ip.getAddress().length == 16 && !bracketed) {
            throw bad(entry, "put an IPv6 address in brackets: [" + host + "]:" + e.substring(colon + 1));
        }
        int max = ip.getAddress().length * 8;
        int bits = max;
        if (slash >= 0) {
            try {
                bits = Integer.parseInt(host.substring(slash + 1));
            } catch (NumberFormatException notANumber) {
                bits = -1;
            }
            if (bits < 0 || bits > max) {
                throw bad(entry, "prefix length must be 0.." + max);
            }
        }
        return new Entry(false, false, false, null, ip.getAddress(), bits, port);
    }

    private static int port(String entry, String text) {
        if (text.equals(ANY)) {
            return -1;
        }
        try {
            int port = Integer.parseInt(text);
            if (port >= 1 && port <= 65535) {
                return port;
            }
        } catch (NumberFormatException notANumber) {
            // fall through
        }
        throw bad(entry, "port must be 1..65535 or *");
    }

    private static IllegalArgumentException bad(String entry, String why) {
        return new IllegalArgumentException("targets entry '" + entry + "': " + why);
    }
}
