package org.gost4j.api.tunnel;

import org.osgi.annotation.versioning.ProviderType;

/**
 * A running tunnel service, as a service and a management interface. The management bundle exposes it as
 * {@code gost4j:type=service,name=<name>}.
 */
@ProviderType
public interface TunnelMBean {

    String getName();

    /**
     * {@code starting}, {@code up}, {@code reconnecting} (a client whose server fell silent) or {@code failed}
     * (the device failed and no new one could be opened yet).
     */
    String getState();

    /** How often the device failed under the tunnel (e.g. its interface was deleted), each time reopened. */
    long getDeviceFailures();

    /** The device's interface addresses in CIDR form. */
    String[] getAddresses();

    /** {@code server} or {@code client}. */
    String getMode();

    /** The device's interface name. */
    String getDevice();

    /** The UDP address the tunnel listens on. */
    String getListenAddress();

    /** One line per known peer: tunnel IP, UDP address, milliseconds since last seen. */
    String[] getPeers();

    long getPacketsFromDevice();

    long getBytesFromDevice();

    long getPacketsToDevice();

    long getBytesToDevice();

    long getPacketsForwarded();

    /** Drops by reason, e.g. {@code malformed=3}. */
    String[] getDrops();

    long getDropsTotal();

    /**
     * Server: forgets the peer that owns {@code tunnelIp}, so packets to it are dropped until it registers or
     * sends again. A client has no peers to forget.
     *
     * @return whether a peer was forgotten
     */
    boolean disconnectPeer(String tunnelIp);

    /** Routes {@code cidr} through the device until the service stops; returns a summary or the error. */
    String addRoute(String cidr);

    /** Removes a route from the device; returns a summary or the error. */
    String removeRoute(String cidr);
}
