package org.gost4j.chain.relay.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** One chain; property names as ARCHITECTURE.md lists them for PID {@code gost4j.chain}. */
@ObjectClassDefinition(name = "gost4j chain", description = "Carries tunnel datagrams through relay nodes")
@interface ChainConfig {

    @AttributeDefinition(description = "Chain name; tunnels select it with transport.target=(&(transport=chain)(name=...))")
    String name() default "";

    @AttributeDefinition(description = "Node URLs, one per hop in order, e.g. relay+tls://user:pass@host:443?secure=true, "
            + "relay+wss://user:pass@host:8443?path=/ws")
    String[] nodes() default {};

    @AttributeDefinition(name = "connect.timeout", description = "Milliseconds for TCP, TLS and WebSocket setup")
    long connect_timeout() default 10_000;
}
