package org.gost4j.api.router;

import java.net.InetAddress;
import java.util.Objects;

import org.gost4j.api.device.IpNetwork;

/** Packets for {@code network} go to the tunnel peer that owns {@code gateway}. */
public record RouteEntry(IpNetwork network, InetAddress gateway) {

    public RouteEntry {
        Objects.requireNonNull(network, "network");
        Objects.requireNonNull(gateway, "gateway");
    }

    /**
     * Parses GOST's {@code "CIDR GATEWAY"} form (blank-separated), e.g. {@code 172.10.0.0/16 192.168.123.2}.
     *
     * @throws IllegalArgumentException naming what is wrong
     */
    public static RouteEntry parse(String text) {
        String[] parts = text.trim().split("\\s+");
        if (parts.length != 2) {
            throw new IllegalArgumentException("'" + text + "' is not 'CIDR GATEWAY' (e.g. 172.10.0.0/16 192.168.123.2)");
        }
        IpNetwork network = IpNetwork.parse(parts[0]);
        IpNetwork gateway = IpNetwork.parse(parts[1]);
        if (gateway.prefixLength() != gateway.address().getAddress().length * 8) {
            throw new IllegalArgumentException("'" + text + "': the gateway is an address, not a network");
        }
        return new RouteEntry(network, gateway.address());
    }

    @Override
    public String toString() {
        return network + " " + IpNetwork.format(gateway);
    }
}
