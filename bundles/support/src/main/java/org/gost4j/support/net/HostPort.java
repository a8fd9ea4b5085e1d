package org.gost4j.support.net;

import java.net.InetSocketAddress;
import java.util.regex.Pattern;

import org.gost4j.api.device.IpNetwork;

/** {@code host:port}, {@code [v6]:port} or {@code :port}, checked without asking DNS. */
public final class HostPort {

    private static final Pattern HOST_NAME = Pattern.compile("[A-Za-z0-9]([A-Za-z0-9_.-]*[A-Za-z0-9])?");

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
     * @return the wildcard address for an empty host, else unresolved (the caller decides when to resolve)
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
        return host.isEmpty() ? new InetSocketAddress(number) : InetSocketAddress.createUnresolved(host, number);
    }

    private static IllegalArgumentException bad(String what, String text, String reason) {
        return new IllegalArgumentException(what + " '" + text + "': " + reason);
    }
}
