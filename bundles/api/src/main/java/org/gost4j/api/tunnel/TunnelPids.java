package org.gost4j.api.tunnel;

/** ConfigAdmin factory PIDs of the tunnel services and the property names the config bundle writes. */
public interface TunnelPids {

    /** Factory PID of a TUN/TAP tunnel service, one configuration per {@code -L tun://} or {@code tap://}. */
    String TUNNEL = "gost4j.tunnel";
}
