package org.gost4j.tunnel.internal;

import org.gost4j.support.options.TunnelOptions;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.AttributeType;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * The metatype description of a {@code gost4j.tunnel} configuration, for configuration tools; the component reads
 * its properties through {@link TunnelOptions} (the rules, and these defaults, live there).
 */
@ObjectClassDefinition(name = "gost4j tunnel", description = "A GOST v3 compatible TUN or TAP tunnel over UDP")
@interface TunnelConfig {

    @AttributeDefinition(description = "Service name")
    String name() default "";

    @AttributeDefinition(description = "tun (IP packets) or tap (Ethernet frames)")
    String type() default "tun";

    @AttributeDefinition(description = "Local UDP address host:port; the host may be empty")
    String listen() default TunnelOptions.DEFAULT_LISTEN;

    @AttributeDefinition(description = "Server UDP address host:port; set for a client, empty for a server")
    String remote() default "";

    @AttributeDefinition(description = "Interface addresses in CIDR form")
    String[] net() default {};

    @AttributeDefinition(name = "device.name", description = "Interface name; empty lets the kernel choose")
    String device_name() default "";

    int mtu() default TunnelOptions.DEFAULT_MTU;

    @AttributeDefinition(description = "Largest datagram accepted, in bytes")
    int buffersize() default TunnelOptions.DEFAULT_BUFFER_SIZE;

    @AttributeDefinition(description = "Client: repeat the registration every ttl and reconnect when the server is silent")
    boolean keepalive() default false;

    @AttributeDefinition(description = "Keepalive period in milliseconds")
    long ttl() default TunnelOptions.DEFAULT_TTL_MILLIS;

    @AttributeDefinition(description = "Networks routed through the device, in CIDR form")
    String[] route() default {};

    @AttributeDefinition(description = "Server: tunnel IP of the client that takes the networks of route")
    String gw() default "";

    @AttributeDefinition(description = "Server: 'CIDR GATEWAY' entries, packets for CIDR go to the client owning GATEWAY")
    String[] routes() default {};

    @AttributeDefinition(description = "Server: point-to-point, routing is ignored and the latest client takes all")
    boolean p2p() default false;

    @AttributeDefinition(description = "Server: name of the auther checking client passphrases (with auther.target)")
    String auther() default "";

    @AttributeDefinition(description = "Server: name of the router for packets no client owns (with router.target)")
    String router() default "";

    @AttributeDefinition(description = "Far end of a point-to-point device (macOS utun), an IP address; "
            + "empty: the first net address, as GOST does. Other systems ignore it")
    String peer() default "";

    @AttributeDefinition(description = "Let the device use kernel offloads (Linux TUN: checksum and TCP segmentation); "
            + "packets on the wire are plain either way")
    boolean offload() default true;

    @AttributeDefinition(description = "Name of the gost4j.chain the datagrams go through; needs "
            + "transport.target=(&(transport=chain)(name=<chain>))")
    String chain() default "";

    @AttributeDefinition(description = "DNS server addresses (GOST's dns metadata; read but not applied yet)")
    String[] dns() default {};

    @AttributeDefinition(description = "TUN server: tunnel IPs of clients kept at most")
    int maxpeers() default TunnelOptions.DEFAULT_MAX_PEERS;

    /** Named {@code .passphrase}: the leading dot keeps it out of the service properties. */
    @AttributeDefinition(name = ".passphrase", type = AttributeType.PASSWORD,
            description = "Client: key sent in the registration, at most 16 bytes")
    String _passphrase() default "";
}
