package org.gost4j.router.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** One GOST router; property names as in ARCHITECTURE.md. */
@ObjectClassDefinition(name = "gost4j router", description = "Networks and the tunnel IPs of their gateways (GOST router)")
@interface RouterConfig {

    @AttributeDefinition(description = "Router name, referenced by a tunnel's router property")
    String name();

    @AttributeDefinition(description = "CIDR GATEWAY entries, e.g. '172.10.0.0/16 192.168.123.2'")
    String[] routes() default {};
}
