package org.gost4j.api.tunnel;

/**
 * A running tunnel service, as a service and a management interface. The management bundle exposes it as
 * {@code gost4j:type=service,name=<name>}.
 */
public interface TunnelMBean {

    String getName();

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
}
