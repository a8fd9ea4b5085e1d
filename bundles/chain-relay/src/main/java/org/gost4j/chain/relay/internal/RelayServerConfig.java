package org.gost4j.chain.relay.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.AttributeType;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** One relay server; property names as ARCHITECTURE.md lists them for PID {@code gost4j.relay}. */
@ObjectClassDefinition(name = "gost4j relay server", description = "GOST relay protocol over WebSocket (+TLS)")
@interface RelayServerConfig {

    @AttributeDefinition(description = "Service name")
    String name() default "";

    @AttributeDefinition(description = "TCP address host:port; the host may be empty")
    String listen() default ":8443";

    @AttributeDefinition(description = "TLS (wss) or plain (ws)")
    boolean tls() default true;

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
}
