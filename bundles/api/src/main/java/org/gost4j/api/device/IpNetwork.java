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
     * DNS lookup happens); without a prefix the whole address is meant.
     *
     * @throws IllegalArgumentException naming what is wrong
     */
    public static IpNetwork parse(String cidr) {
        String text = cidr.trim();
        int slash = text.indexOf('/');
        String host = slash < 0 ? text : text.substring(0, slash);
        if (!isIpv4Literal(host) && !isIpv6Literal(host)) {
            throw new IllegalArgumentException("'" + cidr + "' is not an IP address in CIDR form");
        }
        InetAddress address;
        try {
            address = InetAddress.getByName(host);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("'" + cidr + "' is not an IP address in CIDR form");
        }
        int max = address.getAddress().length * 8;
        if (slash < 0) {
            return new IpNetwork(address, max);
        }
        try {
            return new IpNetwork(address, Integer.parseInt(text.substring(slash + 1)));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'" + cidr + "' has a bad prefix length");
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("'" + cidr + "': " + e.getMessage());
        }
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

    @Override
    public String toString() {
        return address.getHostAddress() + "/" + prefixLength;
    }
}
