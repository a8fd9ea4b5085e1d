package org.gost4j.support.net;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.regex.Pattern;

import org.gost4j.api.device.IpNetwork;

/**
 * {@code host:port}, {@code [v6]:port} or {@code :port}, checked without asking DNS. An empty host means every
 * address of both families, as Go's "udp" and "tcp" networks take it (GOST listens so on {@code :8421}); an
 * explicit host, {@code 0.0.0.0} included, means that address alone.
 */
public final class HostPort {

    private static final Pattern HOST_NAME = Pattern.compile("[A-Za-z0-9]([A-Za-z0-9_.-]*[A-Za-z0-9])?");
    /** IPv6's wildcard {@code ::}: a socket bound to it takes IPv4 too (IPv4-mapped) unless it is IPv6-only. */
    private static final InetAddress EVERY_ADDRESS;

    static {
        try {
            EVERY_ADDRESS = InetAddress.getByAddress(new byte[16]);
        } catch (UnknownHostException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private HostPort() {
    }

    /**
     * Like {@link #parse(String, String, boolean, boolean)} with the same answer for both questions: a
     * listening address (empty host and port 0 allowed) or a destination (neither).
     */
    public static InetSocketAddress parse(String what, String text, boolean wildcard) {
        return parse(what, text, wildcard, wildcard);
    }

    /**
     * @param what        names the address in messages, e.g. {@code listen address}
     * @param anyPort     whether port 0 (any free port) is allowed
     * @param hostOptional whether the host may be empty (all addresses, or resolved elsewhere)
     * @return for an empty host IPv6's wildcard {@code [::]:port} (IPv4 and IPv6 on one dual-stack socket), else
     *         unresolved (the caller decides when to resolve)
     * @throws IllegalArgumentException {@code what 'text': reason}
     */
    public static InetSocketAddress parse(String what, String text, boolean anyPort, boolean hostOptional) {
        String host;
        String port;
        if (text.startsWith("[")) {
            int end = text.indexOf(']');
            if (end < 0) {
                throw bad(what, text, "missing ']'");
            }
            host = text.substring(1, end);
            if (host.indexOf(':') < 0) {
                throw bad(what, text, "only IPv6 addresses go in brackets");
            }
            if (!text.startsWith(":", end + 1)) {
                throw bad(what, text, "missing port (e.g. [" + host + "]:8421)");
            }
            port = text.substring(end + 2);
        } else {
            int colon = text.lastIndexOf(':');
            if (colon < 0) {
                throw bad(what, text, "missing port (e.g. " + text + ":8421)");
            }
            host = text.substring(0, colon);
            port = text.substring(colon + 1);
            if (host.indexOf(':') >= 0) {
                throw bad(what, text, "write IPv6 addresses in brackets ([::1]:8421)");
            }
        }
        if (host.indexOf(':') >= 0) {
            try {
                IpNetwork network = IpNetwork.parse(host);
                if (host.indexOf('/') >= 0 || network.prefixLength() != 128) {
                    throw new IllegalArgumentException();
                }
            } catch (IllegalArgumentException e) {
                throw bad(what, text, "'" + host + "' is not an IP address");
            }
        } else if (!host.isEmpty() && !HOST_NAME.matcher(host).matches()) {
            throw bad(what, text, "'" + host + "' is not a host name or IP address");
        }
        if (host.isEmpty() && !hostOptional) {
            throw bad(what, text, "missing host");
        }
        int min = anyPort ? 0 : 1;
        if (!port.matches("\\d{1,5}") || Integer.parseInt(port) < min || Integer.parseInt(port) > 65535) {
            throw bad(what, text, "port '" + port + "' is not in " + min + "..65535");
        }
        int number = Integer.parseInt(port);
        return host.isEmpty() ? new InetSocketAddress(EVERY_ADDRESS, number)
                : InetSocketAddress.createUnresolved(host, number);
    }

    /**
     * The text {@link #parse} reads back: {@code 10.0.0.1:8421}, {@code [fd00::1]:8421} (Go's text form, no
     * scope), {@code [::]:8421}; an unresolved address as {@code host:port}.
     */
    public static String format(InetSocketAddress address) {
        if (address.isUnresolved()) {
            return address.getHostString() + ":" + address.getPort();
        }
        String host = IpNetwork.format(address.getAddress());
        return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + address.getPort();
    }

    private static IllegalArgumentException bad(String what, String text, String reason) {
        return new IllegalArgumentException(what + " '" + text + "': " + reason);
    }
}
