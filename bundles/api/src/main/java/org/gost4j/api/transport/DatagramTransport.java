package org.gost4j.api.transport;

import java.io.IOException;
import java.net.InetSocketAddress;

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
}
