package org.gost4j.api.tunnel;

/** ConfigAdmin factory PIDs of the tunnel services and the property names the config bundle writes. */
public interface TunnelPids {

    /** Factory PID of a TUN/TAP tunnel service, one configuration per {@code -L tun://} or {@code tap://}. */
    String TUNNEL = "gost4j.tunnel";

    /** Factory PID of an auther: {@code name}, {@code auths} ({@code user:password} entries). */
    String AUTHER = "gost4j.auther";

    /** Factory PID of a router: {@code name}, {@code routes} ({@code CIDR GATEWAY} entries). */
    String ROUTER = "gost4j.router";

    /** Factory PID of a chain (a {@code DatagramTransport} with {@code transport=chain}), one per {@code -F}. */
    String CHAIN = "gost4j.chain";

    /** Factory PID of a relay server, one per {@code -L relay+wss://}. */
    String RELAY = "gost4j.relay";
}
