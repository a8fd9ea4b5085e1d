package org.gost4j.api.tunnel;

import javax.management.MBeanException;

import org.osgi.annotation.versioning.ProviderType;

/**
 * A tunnel service as a management interface, exposed as {@code gost4j:type=service,name=<name>}. Operations
 * that cannot do what they are asked fail with an {@link MBeanException} whose message says why in one line, as
 * every gost4j MBean does.
 */
@ProviderType
public interface TunnelMBean {

    String getName();

    /** A {@link TunnelState#label()}: {@code starting}, {@code up}, {@code reconnecting} or {@code failed}. */
    String getState();

    /** Why the tunnel is failed, in one line; empty otherwise. */
    String getLastError();

    /** How often the device failed under the tunnel (e.g. its interface was deleted), each time reopened. */
    long getDeviceFailures();

    /** TUN server: stale clients removed from a full peer table to make room for new ones. */
    long getPeersEvicted();

    /** The device's interface addresses in CIDR form. */
    String[] getAddresses();

    /** {@code server} or {@code client}. */
    String getMode();

    /** The device's interface name; empty until it is open. */
    String getDevice();

    /** The UDP address the tunnel listens on; empty until its socket is open. */
    String getListenAddress();

    /** One line per known peer: tunnel IP, UDP address, milliseconds since last seen. */
    String[] getPeers();

    long getPacketsFromDevice();

    long getBytesFromDevice();

    long getPacketsToDevice();

    long getBytesToDevice();

    long getPacketsForwarded();

    /** Datagrams received on the tunnel's UDP socket, control messages included. @since 1.2 */
    long getPacketsFromNetwork();

    /** @since 1.2 */
    long getBytesFromNetwork();

    /** Datagrams sent on the tunnel's UDP socket, control messages included. @since 1.2 */
    long getPacketsToNetwork();

    /** @since 1.2 */
    long getBytesToNetwork();

    /** Server: clients known now (UDP addresses, each with one or more tunnel IPs); a client counts its server. @since 1.2 */
    int getPeerCount();

    /**
     * Server (TUN): one line per client, {@code UDP-ADDRESS TUNNEL-IP[,TUNNEL-IP...] PACKETS-IN BYTES-IN PACKETS-OUT
     * BYTES-OUT}, where in is data the client sent (registrations not counted) and out is data sent to it. Empty
     * for clients and TAP servers.
     *
     * @since 1.2
     */
    String[] getPeerTraffic();

    /** Drops by reason, e.g. {@code malformed=3}. */
    String[] getDrops();

    long getDropsTotal();

    /**
     * Server: forgets the peer that owns {@code tunnelIp}, so packets to it are dropped until it registers or
     * sends again. A client has no peers to forget.
     *
     * @return whether a peer was forgotten
     * @throws MBeanException if {@code tunnelIp} is not an IP address or the tunnel is not running
     */
    boolean disconnectPeer(String tunnelIp) throws MBeanException;

    /**
     * Routes {@code cidr} through the device until the service stops or its configuration changes; updates of the
     * bundles that run it (the tunnel's, the device driver's, the transport's) keep the route.
     *
     * @return a summary
     * @throws MBeanException if {@code cidr} is not a route (the message of option {@code route}) or the device
     *         refuses it
     */
    String addRoute(String cidr) throws MBeanException;

    /**
     * Removes a route from the device.
     *
     * @return a summary
     * @throws MBeanException as {@link #addRoute}
     */
    String removeRoute(String cidr) throws MBeanException;
}
