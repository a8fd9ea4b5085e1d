package org.gost4j.chain.relay.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.AttributeType;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** One relay server; property names as ARCHITECTURE.md lists them for PID {@code gost4j.relay}. */
@ObjectClassDefinition(name = "gost4j relay server", description = "GOST relay protocol over TLS or WebSocket (+TLS)")
@interface RelayServerConfig {

    @AttributeDefinition(description = "Service name")
    String name() default "";

    @AttributeDefinition(description = "TCP address host:port; an empty host means all addresses, IPv4 and IPv6")
    String listen() default ":8443";

    @AttributeDefinition(description = "TLS (relay+tls, relay+wss) or not (relay+ws)")
    boolean tls() default true;

    @AttributeDefinition(description = "WebSocket (relay+ws, relay+wss) or the bare stream (relay+tls; needs tls)")
    boolean websocket() default true;

    @AttributeDefinition(description = "WebSocket path")
    String path() default "/ws";

    @AttributeDefinition(description = "Accept GOST's BIND command (refused with 'forbidden' otherwise)")
    boolean bind() default false;

    @AttributeDefinition(type = AttributeType.PASSWORD,
            description = "Accepted users, each username:password; none means no authentication")
    String[] auths() default {};

    @AttributeDefinition(name = "cert.file", description = "PEM certificate chain; empty: a self-signed one")
    String cert_file() default "";

    @AttributeDefinition(name = "key.file", description = "PEM PKCS#8 private key of cert.file")
    String key_file() default "";

    @AttributeDefinition(name = "handshake.timeout", description = "Milliseconds a connection has for TLS, "
            + "WebSocket and relay request before it is closed")
    long handshake_timeout() default 10_000;

    @AttributeDefinition(description = "Targets a client may reach: 'tunnels' (UDP to this host's tunnel servers), "
            + "host:port, [v6]:port, CIDR:port or :port (this host), '*' as host or port for any; '*' alone for "
            + "anything. Empty: tunnels")
    String[] targets() default {TargetPolicy.TUNNELS};

    @AttributeDefinition(name = "idle.timeout", description = "Milliseconds without data either way after which "
            + "a session is closed")
    long idle_timeout() default 300_000;

    @AttributeDefinition(name = "sessions.max", description = "Connections served at once (handshaking or "
            + "relaying); more are closed at once")
    int sessions_max() default 256;

    @AttributeDefinition(name = "sessions.per.source", description = "Connections served at once from one "
            + "IP address")
    int sessions_per_source() default 32;
}
