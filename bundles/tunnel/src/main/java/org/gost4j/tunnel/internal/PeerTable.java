package org.gost4j.tunnel.internal;

import java.net.InetSocketAddress;
import java.util.Comparator;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The server's routes: tunnel IP of a client → the client's UDP address. Bounded, because entries are created
 * by whatever a datagram claims.
 */
final class PeerTable {

    private final Map<IpKey, Peer> peers = new ConcurrentHashMap<>();
    private final int capacity;

    PeerTable(int capacity) {
        this.capacity = capacity;
    }

    /** Looks up with a probe key; does not allocate. */
    Peer get(IpKey key) {
        return peers.get(key);
    }

    /**
     * Records that {@code key} is reachable at {@code address}. A known, unchanged peer is only touched, so the
     * steady state does not allocate; a new address replaces the old one (a restarted client takes over).
     *
     * @return false if the key is new and the table is full
     */
    boolean learn(IpKey key, InetSocketAddress address, long nowMillis) {
        Peer known = peers.get(key);
        if (known != null && known.address.equals(address)) {
            known.lastSeenMillis = nowMillis;
            return true;
        }
        if (known == null && peers.size() >= capacity) {
            return false;
        }
        peers.put(key.copy(), new Peer(address, nowMillis));
        return true;
    }

    /** Forgets the peer that owns {@code key} (an operator's disconnect); it comes back when it sends again. */
    boolean remove(IpKey key) {
        return peers.remove(key) != null;
    }

    int size() {
        return peers.size();
    }

    /** One line per peer: {@code tunnelIp udpAddress idleMillis}, sorted by tunnel IP. */
    String[] describe(long nowMillis) {
        return peers.entrySet().stream()
                .sorted(Comparator.comparing(entry -> entry.getKey().toString()))
                .map(entry -> entry.getKey() + " " + format(entry.getValue().address) + " "
                        + (nowMillis - entry.getValue().lastSeenMillis) + "ms")
                .toArray(String[]::new);
    }

    private static String format(InetSocketAddress address) {
        return address.getAddress().getHostAddress() + ":" + address.getPort();
    }
}
