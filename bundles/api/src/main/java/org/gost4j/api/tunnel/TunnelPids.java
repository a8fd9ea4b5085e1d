package org.gost4j.api.tunnel;

/** ConfigAdmin factory PIDs of the tunnel services and the property names the config bundle writes. */
public interface TunnelPids {

    /** Factory PID of a TUN/TAP tunnel service, one configuration per {@code -L tun://} or {@code tap://}. */
    String TUNNEL = "gost4j.tunnel";

    /** Factory PID of an auther: {@code name}, {@code auths} ({@code user:password} entries). */
    String AUTHER = "gost4j.auther";

    /** Factory PID of a router: {@code name}, {@code routes} ({@code CIDR GATEWAY} entries). */
    String ROUTER = "gost4j.router";
}
