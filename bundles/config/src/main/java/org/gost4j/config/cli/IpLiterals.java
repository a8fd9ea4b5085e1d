package org.gost4j.config.cli;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.regex.Pattern;

/** Checks IP address and CIDR literals without ever asking DNS. */
public final class IpLiterals {

    private static final String OCTET = "(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)";
    private static final Pattern IPV4 = Pattern.compile(OCTET + "(\\." + OCTET + "){3}");
    private static final Pattern IPV6_CHARS = Pattern.compile("[0-9A-Fa-f:.]+");

    private IpLiterals() {
    }

    public static boolean isIpv6(String literal) {
        return literal.indexOf(':') >= 0;
    }

    /** @throws CliException unless {@code text} is an IPv4 or IPv6 address literal (no zone, no brackets) */
    public static void checkAddress(String text) {
        if (IPV4.matcher(text).matches()) {
            return;
        }
        if (isIpv6(text) && IPV6_CHARS.matcher(text).matches()) {
            try {
                // A literal containing ':' is parsed, never looked up.
                InetAddress.getByName(text);
                return;
            } catch (UnknownHostException e) {
                // fall through to the common message
            }
        }
        throw new CliException("'" + text + "' is not an IP address");
    }

    /** @throws CliException unless {@code text} is {@code address/prefix} with a prefix fitting the address family */
    public static void checkCidr(String text) {
        int slash = text.indexOf('/');
        if (slash < 0) {
            throw new CliException("'" + text + "' is not in CIDR form address/prefix (e.g. 192.168.123.1/24)");
        }
        String address = text.substring(0, slash);
        String prefix = text.substring(slash + 1);
        try {
            checkAddress(address);
        } catch (CliException e) {
            throw new CliException("'" + text + "': '" + address + "' is not an IP address");
        }
        int max = isIpv6(address) ? 128 : 32;
        if (!prefix.matches("\\d{1,3}") || Integer.parseInt(prefix) > max) {
            throw new CliException("'" + text + "': prefix length '" + prefix + "' is not in 0.." + max);
        }
    }
}
