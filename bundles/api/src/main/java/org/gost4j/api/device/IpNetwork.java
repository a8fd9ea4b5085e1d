package org.gost4j.api.device;

import java.net.InetAddress;

/**
 * An address with a prefix length, as written in CIDR notation ({@code 192.168.123.1/24}). For interface
 * addresses the host part is kept; for routes it names the network.
 */
public record IpNetwork(InetAddress address, int prefixLength) {

    public IpNetwork {
        int max = address.getAddress().length * 8;
        if (prefixLength < 0 || prefixLength > max) {
            throw new IllegalArgumentException("prefix length " + prefixLength + " out of range 0.." + max);
        }
    }

    public boolean isIpv6() {
        return address.getAddress().length == 16;
    }

    @Override
    public String toString() {
        return address.getHostAddress() + "/" + prefixLength;
    }
}
