package org.gost4j.router.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.AttributeType;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * One GOST router; property names as in ARCHITECTURE.md. Besides {@code routes}, routes may come from a file,
 * Redis and HTTP (GOST's loaders, re-read every {@code reload}).
 */
@ObjectClassDefinition(name = "gost4j router", description = "Networks and the tunnel IPs of their gateways (GOST router)")
@interface RouterConfig {

    @AttributeDefinition(description = "Router name, referenced by a tunnel's router property")
    String name();

    @AttributeDefinition(description = "CIDR GATEWAY entries, e.g. '172.10.0.0/16 192.168.123.2'")
    String[] routes() default {};

    @AttributeDefinition(required = false, description = "A file of 'CIDR GATEWAY' lines (# starts a comment)")
    String file() default "";

    @AttributeDefinition(required = false, description = "Redis host:port holding the routes")
    String redis_addr() default "";

    @AttributeDefinition(required = false, description = "Redis database number")
    int redis_db() default 0;

    @AttributeDefinition(required = false, description = "Redis user name (ACL), if any")
    String redis_username() default "";

    @AttributeDefinition(required = false, type = AttributeType.PASSWORD, description = "Redis password, if any")
    String redis_password() default "";

    @AttributeDefinition(required = false, description = "Redis key (GOST's default: gost)")
    String redis_key() default "";

    @AttributeDefinition(required = false,
            description = "How the key holds the routes: hash (CIDR -> GATEWAY, GOST's default), set or list of 'CIDR GATEWAY'")
    String redis_type() default "";

    @AttributeDefinition(required = false, description = "Redis connect and read timeout (Go duration)")
    String redis_timeout() default "";

    @AttributeDefinition(required = false, description = "URL answering 'CIDR GATEWAY' lines to a GET")
    String http_url() default "";

    @AttributeDefinition(required = false, description = "HTTP timeout (Go duration, default 10s)")
    String http_timeout() default "";

    @AttributeDefinition(required = false, description = "Period of re-reading file, redis and http (Go duration; empty: once)")
    String reload() default "";
}
