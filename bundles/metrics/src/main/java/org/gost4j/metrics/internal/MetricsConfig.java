package org.gost4j.metrics.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.AttributeType;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** GOST's {@code metrics:} section ({@code addr}, {@code path}, {@code auth}) as the PID gost4j.metrics. */
@ObjectClassDefinition(name = "gost4j metrics", description = "Prometheus endpoint")
@interface MetricsConfig {

    @AttributeDefinition(description = "host:port to listen on; an empty host (':9000') means loopback unless"
            + " username and password are set, then every interface (as GOST)")
    String addr() default ":9000";

    @AttributeDefinition(description = "HTTP path of the metrics")
    String path() default "/metrics";

    @AttributeDefinition(required = false, description = "Basic authentication user; empty: none")
    String username() default "";

    @AttributeDefinition(required = false, type = AttributeType.PASSWORD, description = "Basic authentication password")
    String password() default "";
}
