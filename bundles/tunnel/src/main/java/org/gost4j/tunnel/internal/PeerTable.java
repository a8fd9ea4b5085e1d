package org.gost4j.tunnel.internal;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The server's routes: tunnel IP of a client → the client's {@link Peer}, and the peers by UDP address (who may
 * send). Bounded, because entries are created by whatever a datagram claims. Lookups and touching a known
 * peer do not allocate; changes are made by the receiving thread and the sweeper under one lock.
 */
final class PeerTable {

    private final Map<IpKey, Peer> byIp = new ConcurrentHashMap<>();
    private final Map<InetSocketAddress, Peer> byAddress = new ConcurrentHashMap<>();
    private final int capacity;

    PeerTable(int capacity) {
        this.capacity = capacity;
    }

    /** Looks up with a probe key. */
    Peer get(IpKey key) {
        return byIp.get(key);
    }

    /** The peer registered or learned from this UDP address, or null. */
    Peer sender(InetSocketAddress address) {
        return byAddress.get(address);
    }

    /**
     * Records that {@code key} is reachable at {@code address}. A known, unchanged peer is only touched, so the
     * steady state does not allocate; a new address replaces the old one (a restarted client takes over).
     *
     * @return the peer, or null if something new had to be recorded and the table is full
     */
    Peer learn(IpKey key, InetSocketAddress address, long nowMillis) {
        Peer known = byIp.get(key);
        if (known != null && known.address.equals(address)) {
            known.lastSeenMillis = nowMillis;
            return known;
        }
        synchronized (this) {
            if (known == null && byIp.size() >= capacity) {
                return null;
            }
            Peer peer = byAddress.get(address);
            if (peer == null) {
                if (byAddress.size() >= capacity) {
                    return null;
                }
                peer = new Peer(address, nowMillis);
                byAddress.put(address, peer);
            }
            peer.lastSeenMillis = nowMillis;
            byIp.put(key.copy(), peer);
            return peer;
        }
    }

    /** Whether every key maps to {@code peer}. */
    boolean allOwnedBy(IpKey[] keys, Peer peer) {
        for (IpKey key : keys) {
            if (byIp.get(key) != peer) {
                return false;
            }
        }
        return true;
    }

    /**
     * Removes peers not seen since {@code idleBefore} and their tunnel IPs.
     *
     * @return one line per removed peer: its UDP address and tunnel IPs
     */
    synchronized List<String> expire(long idleBefore) {
        List<String> expired = new ArrayList<>();
        for (Peer peer : byAddress.values()) {
            if (peer.lastSeenMillis >= idleBefore) {
                continue;
            }
            List<String> ips = new ArrayList<>();
            byIp.entrySet().removeIf(entry -> {
                boolean gone = entry.getValue() == peer;
                if (gone) {
                    ips.add(entry.getKey().toString());
                }
                return gone;
            });
            byAddress.remove(peer.address, peer);
            expired.add(format(peer.address) + " " + ips);
        }
        return expired;
    }

    /** Forgets the peer that owns {@code key} and all its tunnel IPs (an operator's disconnect). */
    synchronized boolean remove(IpKey key) {
        Peer peer = byIp.get(key);
        if (peer == null) {
            return false;
        }
        byIp.values().removeIf(owner -> owner == peer);
        byAddress.remove(peer.address, peer);
        return true;
    }

    /** Forgets the peer at {@code address} and all its tunnel IPs (its registration was refused). */
    synchronized boolean removeSender(InetSocketAddress address) {
        Peer peer = byAddress.remove(address);
        if (peer == null) {
            return false;
        }
        byIp.values().removeIf(owner -> owner == peer);
        return true;
    }

    /** The peers, each once. */
    java.util.Collection<Peer> all() {
        return byAddress.values();
    }

    /** Tunnel IPs owned by {@code peer}, sorted. */
    List<String> ipsOf(Peer peer) {
        return byIp.entrySet().stream().filter(entry -> entry.getValue() == peer)
                .map(entry -> entry.getKey().toString()).sorted().toList();
    }

    int size() {
        return byIp.size();
    }

    /** One line per tunnel IP: {@code tunnelIp udpAddress idleMillis}, sorted by tunnel IP. */
    String[] describe(long nowMillis) {
        return byIp.entrySet().stream()
                .sorted(Comparator.comparing(entry -> entry.getKey().toString()))
                .map(entry -> entry.getKey() + " " + format(entry.getValue().address) + " "
                        + (nowMillis - entry.getValue().lastSeenMillis) + "ms")
                .toArray(String[]::new);
    }

    static String format(InetSocketAddress address) {
        return address.getAddress().getHostAddress() + ":" + address.getPort();
    }
}
