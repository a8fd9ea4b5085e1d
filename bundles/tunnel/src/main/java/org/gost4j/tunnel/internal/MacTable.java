package org.gost4j.tunnel.internal;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

import org.gost4j.support.net.HostPort;

/**
 * The TAP server's forwarding table, as a learning bridge keeps it: source MAC → the client UDP address it
 * was last seen from, or the server's own device. Bounded, because any datagram can claim a new MAC, and aged,
 * so stations that went away make room. It also knows every client address, for flooding.
 */
final class MacTable {

    /** Where a MAC (or a client) was last seen; {@code owner} null is the server's own device. */
    static final class Station {
        final InetSocketAddress owner;
        volatile long lastSeenMillis;

        Station(InetSocketAddress owner, long nowMillis) {
            this.owner = owner;
            this.lastSeenMillis = nowMillis;
        }
    }

    private final Map<MacKey, Station> macs = new ConcurrentHashMap<>();
    private final Map<InetSocketAddress, Station> clients = new ConcurrentHashMap<>();
    /** A snapshot of the client addresses, replaced when one comes or goes, so flooding iterates without allocating. */
    private volatile InetSocketAddress[] clientSnapshot = new InetSocketAddress[0];
    private final int capacity;
    private final long agingMillis;

    MacTable(int capacity, long agingMillis) {
        this.capacity = capacity;
        this.agingMillis = agingMillis;
    }

    /** Looks up with a probe key; does not allocate. */
    Station get(MacKey mac) {
        return macs.get(mac);
    }

    /**
     * Records that {@code mac} sits behind {@code owner} (null: the device). A known, unchanged station is only
     * touched, so the steady state does not allocate; a MAC seen from elsewhere moves there.
     *
     * @return false if the MAC is new and the table is full
     */
    boolean learn(MacKey mac, InetSocketAddress owner, long nowMillis) {
        Station known = macs.get(mac);
        if (known != null && Objects.equals(known.owner, owner)) {
            known.lastSeenMillis = nowMillis;
        } else if (known == null && macs.size() >= capacity) {
            return false;
        } else {
            macs.put(mac.copy(), new Station(owner, nowMillis));
        }
        if (owner != null) {
            touchClient(owner, nowMillis);
        }
        return true;
    }

    private void touchClient(InetSocketAddress address, long nowMillis) {
        Station client = clients.get(address);
        if (client != null) {
            client.lastSeenMillis = nowMillis;
            return;
        }
        synchronized (this) {
            // never more clients than MACs could name; a client over the cap is still reached by unicast
            if (clients.size() < capacity && clients.putIfAbsent(address, new Station(address, nowMillis)) == null) {
                clientSnapshot = clients.keySet().toArray(InetSocketAddress[]::new);
            }
        }
    }

    /** Every client address; the array is shared and must not be changed. */
    InetSocketAddress[] clients() {
        return clientSnapshot;
    }

    /** Forgets MACs and clients not seen for the aging time. @return how many MACs were forgotten */
    int expire(long nowMillis) {
        long oldest = nowMillis - agingMillis;
        int before = macs.size();
        macs.values().removeIf(station -> station.lastSeenMillis < oldest);
        int forgotten = before - macs.size();
        synchronized (this) {
            if (clients.values().removeIf(station -> station.lastSeenMillis < oldest)) {
                clientSnapshot = clients.keySet().toArray(InetSocketAddress[]::new);
            }
        }
        return forgotten;
    }

    /** Every MAC with its owner, for a snapshot. */
    List<TunnelSnapshot.SavedMac> saved() {
        List<TunnelSnapshot.SavedMac> saved = new ArrayList<>(macs.size());
        macs.forEach((mac, station) -> saved.add(new TunnelSnapshot.SavedMac(mac.value(), station.owner,
                station.lastSeenMillis)));
        return saved;
    }

    int size() {
        return macs.size();
    }

    int capacity() {
        return capacity;
    }

    /** One line per MAC: {@code mac udpAddress|device idleMillis}, sorted by MAC. */
    String[] describe(long nowMillis) {
        return macs.entrySet().stream()
                .sorted(Comparator.comparing(entry -> entry.getKey().toString()))
                .map(entry -> entry.getKey() + " " + format(entry.getValue().owner) + " "
                        + (nowMillis - entry.getValue().lastSeenMillis) + "ms")
                .toArray(String[]::new);
    }

    private static String format(InetSocketAddress address) {
        return address == null ? "device" : HostPort.format(address);
    }
}
