package org.gost4j.support.net;

import java.net.InetSocketAddress;

/** {@code host:port}, {@code [v6]:port} or {@code :port}. */
public final class HostPort {

    private HostPort() {
    }

    /**
     * @param wildcard whether an empty host is allowed (and means all addresses); else a host is required
     * @return the wildcard address for an empty host, else unresolved (the caller decides when to resolve)
     */
    public static InetSocketAddress parse(String property, String value, boolean wildcard) {
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
        if (port < 0 || port > 65535 || (!wildcard && port == 0)) {
            throw new IllegalArgumentException(property + " '" + value + "' has a port out of range");
        }
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        if (host.isEmpty()) {
            if (!wildcard) {
                throw new IllegalArgumentException(property + " '" + value + "' lacks a host");
            }
            return new InetSocketAddress(port);
        }
        return InetSocketAddress.createUnresolved(host, port);
    }
}
