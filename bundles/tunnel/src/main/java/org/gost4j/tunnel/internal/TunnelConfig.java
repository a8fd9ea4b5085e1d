package org.gost4j.tunnel.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.AttributeType;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** One TUN tunnel service; property names as the config bundle writes them (see ARCHITECTURE.md). */
@ObjectClassDefinition(name = "gost4j tunnel", description = "A GOST v3 compatible TUN tunnel over UDP")
@interface TunnelConfig {

    @AttributeDefinition(description = "Service name")
    String name() default "";

    @AttributeDefinition(description = "tun (tap is not supported yet)")
    String type() default "tun";

    @AttributeDefinition(description = "Local UDP address host:port; the host may be empty")
    String listen() default ":8421";

    @AttributeDefinition(description = "Server UDP address host:port; set for a client, empty for a server")
    String remote() default "";

    @AttributeDefinition(description = "Interface addresses in CIDR form")
    String[] net() default {};

    @AttributeDefinition(name = "device.name", description = "Interface name; empty lets the kernel choose")
    String device_name() default "";

    int mtu() default 1350;

    @AttributeDefinition(description = "Largest datagram accepted, in bytes")
    int buffersize() default 1500;

    @AttributeDefinition(description = "Client: repeat the registration every ttl and reconnect when the server is silent")
    boolean keepalive() default false;

    @AttributeDefinition(description = "Keepalive period in milliseconds")
    long ttl() default 10_000;

    @AttributeDefinition(description = "Networks routed through the device, in CIDR form")
    String[] route() default {};

    @AttributeDefinition(description = "Server: tunnel IP of the client that takes packets no other client owns")
    String gw() default "";

    @AttributeDefinition(description = "Let the device use kernel offloads (Linux TUN: checksum and TCP segmentation); "
            + "packets on the wire are plain either way")
    boolean offload() default true;

    /** Named {@code .passphrase}: the leading dot keeps it out of the service properties. */
    @AttributeDefinition(name = ".passphrase", type = AttributeType.PASSWORD,
            description = "Client: key sent in the registration, at most 16 bytes")
    String _passphrase() default "";
}
