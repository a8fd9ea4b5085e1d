package org.gost4j.metrics.internal;

import java.net.InetAddress;
import java.net.InetSocketAddress;

import org.gost4j.support.net.HostPort;

/**
 * Where the endpoint listens. An explicit host is taken as written. GOST binds {@code :9000} (an empty host) on
 * every interface; gost4j does that only when credentials are set, else it binds loopback, since the metrics name
 * every client's addresses: a scraper on another host then needs {@code 0.0.0.0:9000} written out, or credentials.
 */
record ListenAddress(InetSocketAddress address, boolean emptyHostNarrowed) {

    /** @throws IllegalArgumentException naming the bad address */
    static ListenAddress of(String addr, boolean withCredentials) {
        InetSocketAddress parsed = HostPort.parse("metrics addr", addr.trim(), true);
        if (parsed.getPort() == 0) {
            throw new IllegalArgumentException("metrics addr '" + addr + "' needs a port");
        }
        if (!parsed.isUnresolved()) { // the wildcard: the host was empty
            return withCredentials ? new ListenAddress(parsed, false)
                    : new ListenAddress(new InetSocketAddress(InetAddress.getLoopbackAddress(), parsed.getPort()), true);
        }
        InetSocketAddress resolved = new InetSocketAddress(parsed.getHostString(), parsed.getPort());
        if (resolved.isUnresolved()) {
            throw new IllegalArgumentException("metrics addr '" + addr + "': unknown host " + parsed.getHostString());
        }
        return new ListenAddress(resolved, false);
    }
}
