package org.gost4j.tunnel.internal;

import java.util.Comparator;
import java.util.List;

import org.gost4j.api.device.IpNetwork;
import org.gost4j.api.router.RouteEntry;

/**
 * Route entries prepared for the packet path: longest prefix first, compared as masked 128-bit keys, so a
 * lookup allocates nothing. Immutable; a new router means a new table.
 */
final class RouteTable {

    static final RouteTable EMPTY = new RouteTable(List.of());

    private final boolean[] ipv4;
    private final long[] netHigh;
    private final long[] netLow;
    private final long[] maskHigh;
    private final long[] maskLow;
    private final IpKey[] gateways;

    RouteTable(List<RouteEntry> routes) {
        List<RouteEntry> sorted = routes.stream()
                .sorted(Comparator.comparingInt(RouteTable::keyPrefix).reversed()).toList();
        int n = sorted.size();
        ipv4 = new boolean[n];
        netHigh = new long[n];
        netLow = new long[n];
        maskHigh = new long[n];
        maskLow = new long[n];
        gateways = new IpKey[n];
        for (int i = 0; i < n; i++) {
            IpNetwork network = sorted.get(i).network();
            int prefix = keyPrefix(sorted.get(i));
            IpKey key = IpKey.of(network.address());
            ipv4[i] = !network.isIpv6();
            maskHigh[i] = prefix >= 64 ? -1L : prefix == 0 ? 0 : -1L << (64 - prefix);
            maskLow[i] = prefix <= 64 ? 0 : prefix == 128 ? -1L : -1L << (128 - prefix);
            netHigh[i] = key.high() & maskHigh[i];
            netLow[i] = key.low() & maskLow[i];
            gateways[i] = IpKey.of(sorted.get(i).gateway());
        }
    }

    /** The prefix length over the 128-bit key, where an IPv4 address is IPv4-mapped. */
    private static int keyPrefix(RouteEntry route) {
        return route.network().prefixLength() + (route.network().isIpv6() ? 0 : 96);
    }

    /** The gateway of the most specific route to {@code destination} (same address family), or null. */
    IpKey gatewayFor(IpKey destination) {
        boolean v4 = destination.isIpv4();
        long high = destination.high();
        long low = destination.low();
        for (int i = 0; i < gateways.length; i++) {
            if (ipv4[i] == v4 && (high & maskHigh[i]) == netHigh[i] && (low & maskLow[i]) == netLow[i]) {
                return gateways[i];
            }
        }
        return null;
    }

    int size() {
        return gateways.length;
    }
}
