package org.gost4j.support.net;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * One entry of a relay server's {@code targets}: {@code tunnels}; {@code *} (anything); or {@code host:port} with
 * the host an IP address ({@code [v6]} in brackets), a CIDR ({@code 10.0.0.0/8}, {@code [fd00::/64]}), a host
 * name, empty (this host) or {@code *} (any), and the port a number or {@code *}. Parsed by the config bundle (to
 * refuse a bad entry before start) and by the relay server (to match requests), so both read it alike.
 *
 * @param network    the address bytes of an IP or CIDR entry, else null
 * @param prefixBits the prefix length of {@code network}
 * @param name       a host name entry in lower case, else null
 * @param port       the port, or -1 for any
 */
public record TargetPattern(boolean tunnels, boolean anyHost, boolean thisHost, String name, byte[] network,
        int prefixBits, int port) {

    public static final String TUNNELS = "tunnels";
    public static final String ANY = "*";
    private static final Pattern HOST_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9.-]{0,252}");
    private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");

    /** @throws IllegalArgumentException {@code targets entry 'ENTRY': reason} */
    public static TargetPattern parse(String entry) {
        String e = entry.strip();
        if (e.equalsIgnoreCase(TUNNELS)) {
            return new TargetPattern(true, false, false, null, null, 0, -1);
        }
        if (e.equals(ANY)) {
            return new TargetPattern(false, true, false, null, null, 0, -1);
        }
        int colon = e.lastIndexOf(':');
        if (colon < 0) {
            throw bad(entry, "needs host:port (host may be empty for this host, or *; port may be *)");
        }
        String host = e.substring(0, colon);
        int port = port(entry, e.substring(colon + 1));
        if (host.isEmpty()) {
            return new TargetPattern(false, false, true, null, null, 0, port);
        }
        if (host.equals(ANY)) {
            return new TargetPattern(false, true, false, null, null, 0, port);
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
            return new TargetPattern(false, false, false, host.toLowerCase(Locale.ROOT), null, 0, port);
        }
        int max = ip.getAddress().length * 8;
        if (max == 128 && !bracketed) {
            throw bad(entry, "put an IPv6 address in brackets: [" + host + "]:" + e.substring(colon + 1));
        }
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
        return new TargetPattern(false, false, false, null, ip.getAddress(), bits, port);
    }

    /** An IP literal as an address, without any name lookup; null if {@code host} is not one. */
    public static InetAddress literal(String host) {
        try {
            if (IPV4.matcher(host).matches()) {
                byte[] bytes = new byte[4];
                String[] parts = host.split("\\.");
                for (int i = 0; i < 4; i++) {
                    int part = Integer.parseInt(parts[i]);
                    if (part > 255) {
                        return null;
                    }
                    bytes[i] = (byte) part;
                }
                return InetAddress.getByAddress(bytes);
            }
            // with a ':' InetAddress takes it as an IPv6 literal and never looks it up
            return host.indexOf(':') < 0 ? null : InetAddress.getByName(host);
        } catch (UnknownHostException malformed) {
            return null;
        }
    }

    public boolean portMatches(int wanted) {
        return port < 0 || port == wanted;
    }

    /** Whether {@code ip} lies in this entry's IP or CIDR (false for other kinds of entry). */
    public boolean contains(InetAddress ip) {
        if (network == null) {
            return false;
        }
        byte[] address = ip.getAddress();
        if (address.length != network.length) {
            return false;
        }
        for (int i = 0; i < prefixBits; i++) {
            int mask = 0x80 >>> (i % 8);
            if ((address[i / 8] & mask) != (network[i / 8] & mask)) {
                return false;
            }
        }
        return true;
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
            // below
        }
        throw bad(entry, "port must be 1..65535 or *");
    }

    private static IllegalArgumentException bad(String entry, String why) {
        return new IllegalArgumentException("targets entry '" + entry + "': " + why);
    }
}
