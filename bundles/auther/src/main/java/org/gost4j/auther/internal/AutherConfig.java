package org.gost4j.auther.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.AttributeType;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** One GOST auther; property names as in ARCHITECTURE.md. */
@ObjectClassDefinition(name = "gost4j auther", description = "User names and passwords (GOST auther)")
@interface AutherConfig {

    @AttributeDefinition(description = "Auther name, referenced by a tunnel's auther property")
    String name();

    @AttributeDefinition(type = AttributeType.PASSWORD,
            description = "user:password entries; an IPv6 user name is written in brackets: [fd::2]:password")
    String[] auths() default {};
}
