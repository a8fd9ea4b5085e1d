package org.gost4j.api.transport;

import org.osgi.annotation.versioning.ProviderType;

/**
 * A chain (a {@link DatagramTransport} through proxy nodes) as a management interface, exposed as
 * {@code gost4j:type=chain,name=<name>}. Node URLs are shown without their passwords.
 */
@ProviderType
public interface ChainMBean {

    String getName();

    /** The nodes' URLs with any password replaced by {@code ***}. */
    String[] getNodes();

    /** {@code idle} (no endpoint open), {@code connected} (every endpoint has a session) or {@code connecting}. */
    String getState();

    /** Endpoints (e.g. tunnel clients) using the chain. */
    int getEndpoints();

    /** Endpoints whose session the node accepted. */
    int getConnectedEndpoints();

    /** Datagrams the open endpoints dropped (no session while reconnecting, or a receiver not keeping up). */
    long getDatagramsDropped();

    /** Datagrams handed to the node, over every endpoint the chain ever had. @since 2.0 */
    long getDatagramsSent();

    /** @since 2.0 */
    long getBytesSent();

    /** Datagrams that came back through the node. @since 2.0 */
    long getDatagramsReceived();

    /** @since 2.0 */
    long getBytesReceived();

    /** Sessions established again after the first one of an endpoint (the connection had dropped). @since 2.0 */
    long getReconnects();
}
