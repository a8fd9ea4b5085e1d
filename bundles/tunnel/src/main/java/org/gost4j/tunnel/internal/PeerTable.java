package org.gost4j.tunnel.internal;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

import org.gost4j.support.net.HostPort;

/**
 * The server's routes: tunnel IP of a client → the client's {@link Peer}, and the peers by UDP address (who may
 * send). Entries are created by whatever a datagram claims, so the table is bounded three ways: tunnel IPs in all
 * ({@code capacity}), per UDP address ({@code perPeer}) and per source host across its ports ({@code perHost}),
 * so one sender cannot fill it by rotating ports. When it is full, a newcomer takes the place of the peer heard
 * from least recently, provided that peer has been silent for longer than {@code refreshMillis} (a keepalive
 * period): clients that keep refreshing are never pushed out, and a table filled once by forged registrations
 * makes room as soon as they go stale. Lookups and touching a known peer do not allocate; changes are made by
 * the receiving thread and the sweeper under one lock.
 */
final class PeerTable {

    /** What {@link #learn} did. */
    enum Learned {
        /** Known already at that address: touched. */
        KNOWN,
        /** Recorded (new, or moved from another UDP address). */
        ADDED,
        /** Not recorded: the table is full of peers heard from within the refresh period. */
        TABLE_FULL,
        /** Not recorded: the UDP address or its host owns as many tunnel IPs as it may. */
        SOURCE_LIMIT
    }

    private final Map<IpKey, Peer> byIp = new ConcurrentHashMap<>();
    private final Map<InetSocketAddress, Peer> byAddress = new ConcurrentHashMap<>();
    /** Tunnel IPs owned per source host; under the lock. */
    private final Map<InetAddress, int[]> perHostCount = new HashMap<>();
    private final int capacity;
    private final int perPeer;
    private final int perHost;
    private final long refreshMillis;
    private final Consumer<String> evicted;

    /**
     * @param evicted told (under the table's lock, so it must be quick) the UDP address, tunnel IPs and silence
     *                of each peer pushed out to make room
     */
    PeerTable(int capacity, int perPeer, int perHost, long refreshMillis, Consumer<String> evicted) {
        this.capacity = capacity;
        this.perPeer = perPeer;
        this.perHost = perHost;
        this.refreshMillis = refreshMillis;
        this.evicted = evicted;
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
     */
    Learned learn(IpKey key, InetSocketAddress address, long nowMillis) {
        Peer known = byIp.get(key);
        if (known != null && known.address.equals(address)) {
            known.lastSeenMillis = nowMillis;
            return Learned.KNOWN;
        }
        synchronized (this) {
            Peer peer = byAddress.get(address);
            boolean sameHost = known != null && known.address.getAddress().equals(address.getAddress());
            if ((peer != null && peer.tunnelIps >= perPeer) || (!sameHost && hostCount(address) >= perHost)) {
                return Learned.SOURCE_LIMIT;
            }
            if (known == null && byIp.size() >= capacity && !evictStalest(nowMillis)) {
                return Learned.TABLE_FULL;
            }
            if (peer == null) {
                peer = new Peer(address, nowMillis);
                byAddress.put(address, peer);
            }
            peer.lastSeenMillis = nowMillis;
            Peer previous = byIp.put(key.copy(), peer);
            if (previous != null) {
                release(previous, 1);
            }
            peer.tunnelIps++;
            perHostCount.computeIfAbsent(address.getAddress(), host -> new int[1])[0]++;
            return Learned.ADDED;
        }
    }

    private int hostCount(InetSocketAddress address) {
        int[] count = perHostCount.get(address.getAddress());
        return count == null ? 0 : count[0];
    }

    /** Takes {@code ips} tunnel IPs from the peer's counts; a peer left without any is forgotten. */
    private void release(Peer peer, int ips) {
        peer.tunnelIps -= ips;
        InetAddress host = peer.address.getAddress();
        int[] count = perHostCount.get(host);
        if (count != null && (count[0] -= ips) <= 0) {
            perHostCount.remove(host);
        }
        if (peer.tunnelIps <= 0) {
            byAddress.remove(peer.address, peer);
        }
    }

    /** Removes the peer heard from least recently, if it has been silent longer than the refresh period. */
    private boolean evictStalest(long nowMillis) {
        Peer stalest = null;
        for (Peer peer : byAddress.values()) {
            if (stalest == null || peer.lastSeenMillis < stalest.lastSeenMillis) {
                stalest = peer;
            }
        }
        if (stalest == null || nowMillis - stalest.lastSeenMillis <= refreshMillis) {
            return false;
        }
        List<String> ips = removeAll(stalest);
        evicted.accept(format(stalest.address) + " " + ips + ", silent for " + (nowMillis - stalest.lastSeenMillis)
                + " ms");
        return true;
    }

    /** Removes the peer and its tunnel IPs; under the lock. */
    private List<String> removeAll(Peer peer) {
        List<String> ips = new ArrayList<>();
        byIp.entrySet().removeIf(entry -> {
            boolean gone = entry.getValue() == peer;
            if (gone) {
                ips.add(entry.getKey().toString());
            }
            return gone;
        });
        release(peer, peer.tunnelIps);
        byAddress.remove(peer.address, peer);
        return ips;
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
            if (peer.lastSeenMillis < idleBefore) {
                expired.add(format(peer.address) + " " + removeAll(peer));
            }
        }
        return expired;
    }

    /** Forgets the peer that owns {@code key} and all its tunnel IPs (an operator's disconnect). */
    synchronized boolean remove(IpKey key) {
        return removeIfKnown(byIp.get(key));
    }

    /** Forgets the peer at {@code address} and all its tunnel IPs (its registration was refused). */
    synchronized boolean removeSender(InetSocketAddress address) {
        return removeIfKnown(byAddress.get(address));
    }

    /** Under the lock; false for null. */
    private boolean removeIfKnown(Peer peer) {
        if (peer == null) {
            return false;
        }
        removeAll(peer);
        return true;
    }

    /** The peers, each once. */
    java.util.Collection<Peer> all() {
        return byAddress.values();
    }

    /**
     * Each peer with its tunnel IPs, in one pass over the table; exact for a snapshot (nothing changes the table
     * then), weakly consistent while packets are handled.
     */
    Map<Peer, List<IpKey>> ipsByPeer() {
        Map<Peer, List<IpKey>> owned = new HashMap<>();
        byIp.forEach((ip, peer) -> owned.computeIfAbsent(peer, p -> new ArrayList<>()).add(ip));
        return owned;
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

    /** A peer's UDP address as Go prints it: {@code 10.0.0.2:41000}, {@code [fd00::2]:41000}. */
    static String format(InetSocketAddress address) {
        return HostPort.format(address);
    }
}
