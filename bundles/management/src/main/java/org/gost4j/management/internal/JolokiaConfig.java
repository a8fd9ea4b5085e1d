package org.gost4j.management.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.AttributeType;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** PID {@code gost4j.jolokia} (shipped as {@code config/gost4j.jolokia.cfg}). */
@ObjectClassDefinition(name = "gost4j Jolokia endpoint", description = "JMX over HTTP (JSON), with basic authentication")
@interface JolokiaConfig {

    @AttributeDefinition(description = "Address to bind; keep it on loopback unless a firewall protects the port")
    String host() default "127.0.0.1";

    int port() default 8778;

    @AttributeDefinition(description = "Context path of the endpoint")
    String agentContext() default "/jolokia";

    @AttributeDefinition(description = "Users and passwords, one \"user password\" per line, readable by its owner only;"
            + " relative to the folder of the .cfg file. Created at first start for 'user' with a random password")
    String passwordFile() default "management.passwords";

    @AttributeDefinition(description = "The user a new password file is created for; with 'password', the only user")
    String user() default "gost4j";

    @AttributeDefinition(type = AttributeType.PASSWORD,
            description = "A password for 'user' instead of the password file (then keep the .cfg readable by its owner only)")
    String password() default "";

    @AttributeDefinition(description = "Jolokia access policy: a file: or classpath: URL, or a path, relative to the folder of this configuration's file (jolokia-access.xml beside gost4j.jolokia.cfg); required")
    String policyLocation() default "";
}
