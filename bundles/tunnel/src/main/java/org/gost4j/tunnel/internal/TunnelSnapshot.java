package org.gost4j.tunnel.internal;

import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;

import org.gost4j.api.device.IpNetwork;

/**
 * What a tunnel engine knows that its clients cannot give back at once: counters, and for a server its peers
 * (UDP address, tunnel IPs, the key its auther accepted, traffic) or learned MACs. Taken when the tunnel
 * bundle stops (an update) and restored by the next engine of the same configuration, so that a client without
 * keepalive, which registers only once, is still reachable after the packet engine was replaced.
 *
 * @param counters the engine's counters by name (names, not positions, so a newer engine adds or drops some)
 * @param operatorRoutes the routes an operator added over JMX, which the device keeps; not the engine's, but they go
 *        to the next component with the rest
 */
record TunnelSnapshot(long savedAtMillis, Map<String, Long> counters, List<SavedPeer> peers, List<SavedMac> macs,
        List<IpNetwork> operatorRoutes) {

    TunnelSnapshot withOperatorRoutes(List<IpNetwork> routes) {
        return new TunnelSnapshot(savedAtMillis, counters, peers, macs, List.copyOf(routes));
    }

    /** A TUN server's client. @param traffic packets in, bytes in, packets out, bytes out */
    record SavedPeer(InetSocketAddress address, long lastSeenMillis, byte[] acceptedKey, long[] traffic,
            List<IpKey> tunnelIps, boolean p2p) {
    }

    /** A TAP server's learned MAC; {@code owner} null is the server's own device. */
    record SavedMac(long mac, InetSocketAddress owner, long lastSeenMillis) {
    }
}
