package org.gost4j.api.transport;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;

import org.osgi.annotation.versioning.ProviderType;

/**
 * Opens datagram endpoints. The plain UDP transport registers with service property
 * {@code transport=udp}; a chain registers its own transport that carries datagrams through its hops.
 */
@ProviderType
public interface DatagramTransport {

    /** Service property naming the kind of transport. */
    String TRANSPORT_PROPERTY = "transport";

    /**
     * Opens an endpoint bound to {@code local} (port 0 for any). With a {@code remote}, the endpoint talks only
     * to that peer (a client); without one, to anyone (a server). IPv6's wildcard {@code ::} means every IPv4
     * and IPv6 address on one socket; an IPv4 address, {@code 0.0.0.0} included, IPv4 only.
     */
    DatagramEndpoint open(InetSocketAddress local, InetSocketAddress remote) throws IOException;

    /**
     * Takes back an open endpoint of this transport and keeps it open (datagrams that arrive meanwhile wait in
     * it) for at most {@code linger}: the next {@link #open} with the same {@code local} and {@code remote} gets
     * it back; unclaimed, it is closed after the linger, and when the transport stops. A tunnel hands its socket
     * over to its next instance this way when its own bundle is updated. This default closes it at once.
     *
     * @since 2.1
     */
    default void park(DatagramEndpoint endpoint, InetSocketAddress local, InetSocketAddress remote, Duration linger) {
        endpoint.close();
    }
}
