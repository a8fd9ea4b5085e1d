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

    @AttributeDefinition(description = "Basic authentication user; required")
    String user() default "";

    @AttributeDefinition(type = AttributeType.PASSWORD, description = "Basic authentication password; required")
    String password() default "";

    @AttributeDefinition(description = "Jolokia access policy, e.g. file:/opt/gost4j/config/jolokia-access.xml; required")
    String policyLocation() default "";
}
