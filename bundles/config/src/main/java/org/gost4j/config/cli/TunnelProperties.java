package org.gost4j.config.cli;

/** Property names and defaults of a {@code gost4j.tunnel} configuration, as ARCHITECTURE.md lists them. */
public final class TunnelProperties {

    public static final String NAME = "name";
    public static final String TYPE = "type";
    public static final String LISTEN = "listen";
    public static final String REMOTE = "remote";
    public static final String NET = "net";
    public static final String DEVICE_NAME = "device.name";
    public static final String MTU = "mtu";
    public static final String BUFFER_SIZE = "buffersize";
    public static final String KEEPALIVE = "keepalive";
    public static final String TTL = "ttl";
    public static final String ROUTE = "route";
    public static final String GW = "gw";
    /** Far end of a point-to-point device (macOS utun), an IP address; default: the first net address. */
    public static final String PEER = "peer";
    /** Boolean, default true: the device may use kernel offloads (Linux TUN: checksum and TCP segmentation). */
    public static final String OFFLOAD = "offload";
    /** The URL option; the property is {@link #PASSPHRASE_PROPERTY}. */
    public static final String PASSPHRASE = "passphrase";
    /** Private (leading dot): DS keeps it out of the tunnel's service properties. */
    public static final String PASSPHRASE_PROPERTY = ".passphrase";

    /** Server: {@code CIDR GATEWAY} entries. */
    public static final String ROUTES = "routes";
    public static final String P2P = "p2p";
    /** Server: name of a {@code gost4j.auther}; written with {@link #AUTHER_TARGET}. */
    public static final String AUTHER = "auther";
    public static final String AUTHER_TARGET = "auther.target";
    /** Server: name of a {@code gost4j.router}; written with {@link #ROUTER_TARGET}. */
    public static final String ROUTER = "router";
    public static final String ROUTER_TARGET = "router.target";
    /** Properties of a {@code gost4j.auther} configuration. */
    public static final String AUTHS = "auths";

    public static final int DEFAULT_MTU = 1350;
    public static final int DEFAULT_BUFFER_SIZE = 1500;
    public static final long DEFAULT_TTL_MILLIS = 10_000;

    /** The GOST client registration carries at most this many passphrase bytes. */
    public static final int PASSPHRASE_MAX_BYTES = 16;

    /** Longest Linux interface name (IFNAMSIZ - 1). */
    public static final int DEVICE_NAME_MAX = 15;

    private TunnelProperties() {
    }
}
