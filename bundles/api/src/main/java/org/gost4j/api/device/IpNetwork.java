package org.gost4j.api.device;

import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * An address with a prefix length, as written in CIDR notation ({@code 192.168.123.1/24}). For interface
 * addresses the host part is kept; for routes it names the network.
 */
public record IpNetwork(InetAddress address, int prefixLength) {

    public IpNetwork {
        int max = address.getAddress().length * 8;
        if (prefixLength < 0 || prefixLength > max) {
            throw new IllegalArgumentException("prefix length " + prefixLength + " out of range 0.." + max);
        }
    }

    /**
     * Parses {@code address[/prefix]} where the address is an IPv4 or IPv6 literal (never a host name, so no
     * DNS lookup happens); without a prefix the whole address is meant. This is the one parser of IP literals.
     *
     * @throws IllegalArgumentException naming what is wrong, e.g. {@code '10.0.0.1/33': prefix length '33' is not
     *         in 0..32}
     */
    public static IpNetwork parse(String cidr) {
        String text = cidr.trim();
        int slash = text.indexOf('/');
        String host = slash < 0 ? text : text.substring(0, slash);
        String where = slash < 0 ? "" : "'" + cidr + "': ";
        InetAddress address = null;
        if (isIpv4Literal(host) || isIpv6Literal(host)) {
            try {
                address = InetAddress.getByName(host);
            } catch (UnknownHostException e) {
                // not a literal after all: the message below
            }
        }
        if (address == null) {
            throw new IllegalArgumentException(where + "'" + host + "' is not an IP address");
        }
        int max = address.getAddress().length * 8;
        if (slash < 0) {
            return new IpNetwork(address, max);
        }
        String prefix = text.substring(slash + 1);
        if (!prefix.matches("\\d{1,3}") || Integer.parseInt(prefix) > max) {
            throw new IllegalArgumentException(where + "prefix length '" + prefix + "' is not in 0.." + max);
        }
        return new IpNetwork(address, Integer.parseInt(prefix));
    }

    private static boolean isIpv4Literal(String host) {
        String[] octets = host.split("\\.", -1);
        if (octets.length != 4) {
            return false;
        }
        for (String octet : octets) {
            if (octet.isEmpty() || octet.length() > 3 || !octet.chars().allMatch(Character::isDigit)
                    || Integer.parseInt(octet) > 255) {
                return false;
            }
        }
        return true;
    }

    /** With a colon the JDK parses the text as an IPv6 literal and never asks DNS. */
    private static boolean isIpv6Literal(String host) {
        return host.indexOf(':') >= 0 && host.chars().allMatch(c -> Character.digit(c, 16) >= 0 || c == '.' || c == ':');
    }

    public boolean isIpv6() {
        return address.getAddress().length == 16;
    }

    /** Whether {@code other} lies in this network (both of one family). */
    public boolean contains(InetAddress other) {
        byte[] net = address.getAddress();
        byte[] ip = other.getAddress();
        if (net.length != ip.length) {
            return false;
        }
        for (int bit = 0; bit < prefixLength; bit += 8) {
            int bits = Math.min(8, prefixLength - bit);
            int mask = (0xff << (8 - bits)) & 0xff;
            if ((net[bit / 8] & mask) != (ip[bit / 8] & mask)) {
                return false;
            }
        }
        return true;
    }

    /**
     * An address as Go prints it (and GOST compares it): IPv4 dotted, IPv6 in RFC 5952 form (lower case, the
     * longest run of two or more zero groups as {@code ::}), e.g. {@code fd00:123::2}.
     */
    public static String format(InetAddress address) {
        byte[] bytes = address.getAddress();
        if (bytes.length == 4) {
            return address.getHostAddress();
        }
        int[] groups = new int[8];
        for (int i = 0; i < 8; i++) {
            groups[i] = ((bytes[2 * i] & 0xff) << 8) | (bytes[2 * i + 1] & 0xff);
        }
        int bestStart = -1;
        int bestLength = 1;
        for (int i = 0; i < 8; ) {
            int j = i;
            while (j < 8 && groups[j] == 0) {
                j++;
            }
            if (j - i > bestLength) {
                bestStart = i;
                bestLength = j - i;
            }
            i = j == i ? i + 1 : j;
        }
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < 8; i++) {
            if (i == bestStart) {
                text.append("::");
                i += bestLength - 1;
                continue;
            }
            if (text.length() > 0 && text.charAt(text.length() - 1) != ':') {
                text.append(':');
            }
            text.append(Integer.toHexString(groups[i]));
        }
        return text.toString();
    }

    @Override
    public String toString() {
        return format(address) + "/" + prefixLength;
    }
}
