package org.gost4j.management.internal.jmx;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.AttributeType;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** PID {@code gost4j.jmxremote} (example: {@code config/gost4j.jmxremote.cfg.example}); no configuration, no listener. */
@ObjectClassDefinition(name = "gost4j remote JMX",
        description = "JMX over RMI for JConsole on another machine: password file, TLS, two fixed ports")
@interface RemoteJmxConfig {

    @AttributeDefinition(description = "Address to bind, 0.0.0.0 for every interface; 127.0.0.1 for an SSH tunnel")
    String host() default "127.0.0.1";

    @AttributeDefinition(description = "Port of the RMI registry, where JConsole looks the connector up")
    int registryPort() default 9875;

    @AttributeDefinition(description = "Port of the RMI connector itself (the JDK's default would be a random one)")
    int serverPort() default 9876;

    @AttributeDefinition(description = "Name or address clients connect to, written into the RMI stubs: the JVM-wide"
            + " java.rmi.server.hostname. Default: host, unless host is a wildcard")
    String hostname() default "";

    @AttributeDefinition(description = "Users and passwords (\"user password\" per line, owner-only), relative to the"
            + " folder of the .cfg file; shared with the Jolokia endpoint")
    String passwordFile() default "management.passwords";

    @AttributeDefinition(description = "TLS for the connector; may be off only when host is a loopback address")
    boolean tls() default true;

    @AttributeDefinition(description = "Key store with the server's key and certificate (TLS), relative to the folder"
            + " of the .cfg file")
    String keyStore() default "";

    @AttributeDefinition(type = AttributeType.PASSWORD, description = "Password of the key store and its key")
    String keyStorePassword() default "";

    String keyStoreType() default "PKCS12";
}
