package org.gost4j.auther.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.AttributeType;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * One GOST auther; property names as in ARCHITECTURE.md. Besides {@code auths}, entries may come from a file,
 * Redis and HTTP (GOST's loaders, re-read every {@code reload}), or every question may go to a plugin.
 */
@ObjectClassDefinition(name = "gost4j auther", description = "User names and passwords (GOST auther)")
@interface AutherConfig {

    @AttributeDefinition(description = "Auther name, referenced by a tunnel's auther property")
    String name();

    @AttributeDefinition(type = AttributeType.PASSWORD,
            description = "user:password entries; an IPv6 user name is written in brackets: [fd::2]:password")
    String[] auths() default {};

    @AttributeDefinition(required = false, description = "A file of 'user password' lines (# starts a comment)")
    String file() default "";

    @AttributeDefinition(required = false, description = "Redis host:port holding a hash user -> password")
    String redis_addr() default "";

    @AttributeDefinition(required = false, description = "Redis database number")
    int redis_db() default 0;

    @AttributeDefinition(required = false, description = "Redis user name (ACL), if any")
    String redis_username() default "";

    @AttributeDefinition(required = false, type = AttributeType.PASSWORD, description = "Redis password, if any")
    String redis_password() default "";

    @AttributeDefinition(required = false, description = "Redis key of the hash (GOST's default: gost)")
    String redis_key() default "";

    @AttributeDefinition(required = false, description = "Redis connect and read timeout (Go duration)")
    String redis_timeout() default "";

    @AttributeDefinition(required = false, description = "URL answering 'user password' lines to a GET")
    String http_url() default "";

    @AttributeDefinition(required = false, description = "HTTP timeout (Go duration, default 10s)")
    String http_timeout() default "";

    @AttributeDefinition(required = false, description = "Period of re-reading file, redis and http (Go duration; empty: once)")
    String reload() default "";

    @AttributeDefinition(required = false, description = "Plugin type: http (asks addr for every registration)")
    String plugin_type() default "";

    @AttributeDefinition(required = false, description = "Plugin URL, e.g. http://127.0.0.1:8000/auth")
    String plugin_addr() default "";

    @AttributeDefinition(required = false, description = "Plugin timeout (Go duration, default 10s)")
    String plugin_timeout() default "";

    @AttributeDefinition(required = false, type = AttributeType.PASSWORD,
            description = "Plugin token, sent as Authorization: Bearer")
    String plugin_token() default "";
}
