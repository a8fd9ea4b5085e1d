package org.gost4j.tunnel.internal;

import java.lang.System.Logger.Level;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import java.util.stream.Collectors;

import org.gost4j.api.auth.AuthRequest;
import org.gost4j.api.auth.Authenticator;
import org.gost4j.api.router.Router;
import org.gost4j.api.transport.DatagramEndpoint;

/**
 * GOST v3 TUN server. Learns client routes from registrations (checked by the auther if one is configured)
 * and, only without an auther, from the inner source address of peers that send none (socat, GOST v2).
 * Packets for a network of a route go to the client owning its gateway IP; packets between two clients are
 * forwarded here without touching the device. With {@code p2p} the latest client takes all device traffic and
 * everything it sends goes to the device. Peers idle for three ttl are removed by a sweeper thread. The peer
 * table is bounded ({@link PeerTable}): {@code maxpeers} tunnel IPs in all, {@value #MAX_ADDRESSES_PER_REGISTRATION}
 * per UDP address, {@value #MAX_ADDRESSES_PER_HOST} per source host.
 */
final class TunServer extends TunnelEngine {

    /** Far above any real client; GOST sets no limit, but one datagram must not fill the table. */
    static final int MAX_ADDRESSES_PER_REGISTRATION = 64;
    /** Tunnel IPs one source host may own across all its UDP ports: many clients behind one NAT, not the table. */
    static final int MAX_ADDRESSES_PER_HOST = 256;
    static final int IDLE_PERIODS = 3;
    /** Registrations waiting for an auther that answers later (an external service); more are refused. */
    static final int MAX_PENDING_REGISTRATIONS = 256;

    private final DatagramEndpoint endpoint;
    private final PeerTable peers;
    private final Set<IpKey> ownAddresses;
    private final RouteTable staticRoutes;
    private final Supplier<Authenticator> auther;
    private final AtomicInteger pendingRegistrations = new AtomicInteger();
    /** The named router's routes; null while it is absent (or none is configured). */
    private volatile RouteTable routerRoutes;
    private volatile Peer p2pPeer;

    /** @param auther the configured auther, null while absent; asked only if the settings name an auther */
    TunServer(TunnelSettings settings, TunnelDevice device, DatagramEndpoint endpoint, Supplier<Authenticator> auther,
            Poller.Factory pollers) {
        super(settings, device, pollers);
        this.endpoint = endpoint;
        this.auther = auther;
        this.ownAddresses = settings.net().stream().map(net -> IpKey.of(net.address())).collect(Collectors.toSet());
        this.staticRoutes = new RouteTable(settings.gatewayRoutes());
        this.peers = new PeerTable(settings.maxPeers(), MAX_ADDRESSES_PER_REGISTRATION, MAX_ADDRESSES_PER_HOST,
                settings.ttlMillis(), this::evicted);
    }

    @Override
    void start() {
        super.start();
        startThread("sweeper", this::sweep);
    }

    /** Uses the named router's routes from now on; null when it went away. */
    void useRouter(Router router) {
        routerRoutes = router == null ? null : new RouteTable(router.routes());
    }

    @Override
    protected DatagramEndpoint endpoint() {
        return endpoint;
    }

    @Override
    protected void fromDevice(ByteBuffer packet, IpKey probe) {
        if (IpPackets.check(packet) != null) {
            counters.drop(DropReason.MALFORMED);
            return;
        }
        Peer peer = settings.p2p() ? p2pPeer : route(probe.loadDestination(packet));
        if (peer == null) {
            counters.drop(DropReason.NO_ROUTE);
            return;
        }
        peer.packetsOut.increment();
        peer.bytesOut.add(packet.remaining());
        send(packet, peer.address);
    }

    /** The client owning the destination, else the one owning the gateway of a route to it, else null. */
    private Peer route(IpKey destination) {
        Peer peer = peers.get(destination);
        if (peer != null) {
            return peer;
        }
        RouteTable routes = settings.hasRouter() ? routerRoutes : staticRoutes;
        IpKey gateway = routes == null ? null : routes.gatewayFor(destination);
        return gateway == null ? null : peers.get(gateway);
    }

    @Override
    protected void fromNetwork(ByteBuffer datagram, InetSocketAddress sender, IpKey probe) {
        if (ControlMessage.isRegistration(datagram)) {
            register(datagram, sender);
            return;
        }
        if (!acceptable(datagram)) {
            return;
        }
        long now = System.currentTimeMillis();
        if (settings.hasAuther()) {
            // only registrations the auther accepted make a sender known: its inner addresses prove nothing
            Peer from = peers.sender(sender);
            if (from == null) {
                counters.drop(DropReason.UNAUTHENTICATED);
                return;
            }
            from.lastSeenMillis = now;
            countIn(from, datagram);
        } else if (!ownAddresses.contains(probe.loadSource(datagram))) {
            if (!learned(peers.learn(probe, sender, now), probe, sender)) {
                return;
            }
            Peer from = peers.sender(sender); // null only if an operator's disconnect came in between
            if (from != null) {
                countIn(from, datagram);
                if (settings.p2p() && p2pPeer == null) {
                    p2pPeer = from;
                }
            }
        }
        if (settings.p2p()) {
            writeToDevice(datagram);
            return;
        }
        Peer peer = route(probe.loadDestination(datagram));
        if (peer != null && !peer.address.equals(sender)) {
            counters.packetsForwarded.increment();
            peer.packetsOut.increment();
            peer.bytesOut.add(datagram.remaining());
            send(datagram, peer.address);
        } else {
            writeToDevice(datagram);
        }
    }

    private void register(ByteBuffer message, InetSocketAddress sender) {
        int count = ControlMessage.addressCount(message);
        if (count < 0 || count > MAX_ADDRESSES_PER_REGISTRATION) {
            counters.drop(DropReason.BAD_CONTROL);
            return;
        }
        IpKey[] addresses = new IpKey[count];
        for (int i = 0; i < count; i++) {
            addresses[i] = ControlMessage.address(message, i);
            if (ownAddresses.contains(addresses[i])) {
                counters.drop(DropReason.BAD_CONTROL);
                return;
            }
        }
        byte[] key = null;
        if (settings.hasAuther()) {
            key = ControlMessage.keyBytes(message);
            CompletableFuture<Boolean> verdict = authorize(key, addresses, sender);
            if (!verdict.isDone()) {
                defer(key, addresses, sender, verdict);
                return;
            }
            if (!verdict.join()) {
                return;
            }
        }
        accept(key, addresses, sender);
    }

    private static void countIn(Peer peer, ByteBuffer datagram) {
        peer.packetsIn.increment();
        peer.bytesIn.add(datagram.remaining());
    }

    /**
     * Records the registration's addresses for {@code sender} and answers it.
     *
     * @param key the registration's key field the auther accepted; null without an auther
     */
    private void accept(byte[] key, IpKey[] addresses, InetSocketAddress sender) {
        long now = System.currentTimeMillis();
        for (IpKey address : addresses) {
            PeerTable.Learned learned = peers.learn(address, sender, now);
            if (!learned(learned, address, sender)) {
                return;
            }
            if (learned == PeerTable.Learned.ADDED) {
                events.log(TunnelEvent.CLIENT_REGISTERED, Level.INFO,
                        () -> "client " + address + " registered from " + PeerTable.format(sender));
            }
        }
        Peer peer = peers.sender(sender);
        if (peer == null) {
            return; // expired by the sweeper meanwhile
        }
        if (key != null) {
            peer.acceptedKey = key;
        }
        if (settings.p2p() && p2pPeer != peer) {
            p2pPeer = peer;
            events.log(TunnelEvent.P2P_PEER, Level.INFO, () -> "p2p peer is now " + PeerTable.format(sender));
        }
        send(ControlMessage.reply(sender), sender);
    }

    /**
     * Asks the auther for every address with the registration's key, as GOST does. While the auther is absent,
     * only an unchanged registration of an accepted peer (same address, IPs and key) passes: fail closed. The
     * verdict is complete at once unless the auther asks an external service.
     */
    private CompletableFuture<Boolean> authorize(byte[] keyField, IpKey[] addresses, InetSocketAddress sender) {
        Authenticator current = auther.get();
        if (current == null) {
            Peer known = peers.sender(sender);
            if (known != null && Arrays.equals(keyField, known.acceptedKey)
                    && peers.allOwnedBy(addresses, known)) {
                return CompletableFuture.completedFuture(true);
            }
            counters.drop(DropReason.AUTHER_ABSENT);
            events.log(TunnelEvent.AUTHER_ABSENT, Level.WARNING,
                    () -> "auther " + settings.autherName() + " is absent, new registrations are refused");
            return CompletableFuture.completedFuture(false);
        }
        String key = ControlMessage.key(keyField);
        AuthRequest request = new AuthRequest(settings.name(), PeerTable.format(sender), settings.ttlMillis());
        CompletableFuture<?>[] answers = new CompletableFuture<?>[addresses.length];
        for (int i = 0; i < addresses.length; i++) {
            answers[i] = ask(current, addresses[i].toString(), key, request);
        }
        return CompletableFuture.allOf(answers).thenApply(done -> {
            for (int i = 0; i < addresses.length; i++) {
                if (!Boolean.TRUE.equals(answers[i].join())) {
                    refuse(addresses[i], sender, keyField);
                    return false;
                }
            }
            return true;
        });
    }

    private static CompletableFuture<Boolean> ask(Authenticator auther, String user, String key, AuthRequest request) {
        try {
            return auther.authenticateAsync(user, key, request).toCompletableFuture().exceptionally(e -> false);
        } catch (RuntimeException e) {
            return CompletableFuture.completedFuture(false); // a failing auther refuses; it must not stop this thread
        }
    }

    /**
     * Counts and logs a refusal. A client already registered from that address with the same key loses its
     * registration: its credential was removed (or changed), so its data is dropped from now on. A different key
     * does not, so a forged registration from a client's address cannot disconnect it.
     */
    private void refuse(IpKey address, InetSocketAddress sender, byte[] key) {
        logRefusal(address, sender);
        Peer known = peers.sender(sender);
        if (known != null && Arrays.equals(key, known.acceptedKey) && peers.removeSender(sender)) {
            events.log(TunnelEvent.CLIENT_REFUSED, Level.INFO, () -> "client " + PeerTable.format(sender)
                    + " disconnected: the auther no longer accepts its registration");
        }
        counters.drop(DropReason.AUTH_FAILED); // last, so whoever sees the count sees the disconnection too
    }

    /** Completes the registration when the auther answers, from the thread that answers. */
    private void defer(byte[] key, IpKey[] addresses, InetSocketAddress sender, CompletableFuture<Boolean> verdict) {
        if (pendingRegistrations.incrementAndGet() > MAX_PENDING_REGISTRATIONS) {
            pendingRegistrations.decrementAndGet();
            counters.drop(DropReason.AUTH_BUSY);
            return;
        }
        verdict.whenComplete((ok, error) -> {
            pendingRegistrations.decrementAndGet();
            if (running && Boolean.TRUE.equals(ok)) {
                accept(key, addresses, sender);
            }
        });
    }

    /** Never with the passphrase. */
    private void logRefusal(IpKey address, InetSocketAddress sender) {
        events.log(TunnelEvent.CLIENT_REFUSED, Level.WARNING,
                () -> "client " + address + " from " + PeerTable.format(sender) + " refused by auther "
                        + settings.autherName() + " (unknown user, wrong passphrase or the auther's plugin failing)");
    }

    /**
     * Counts and logs a tunnel IP the peer table would not take; true if it was recorded or known. Per datagram
     * from a bare peer, so a left-out line allocates nothing.
     */
    private boolean learned(PeerTable.Learned learned, IpKey address, InetSocketAddress sender) {
        switch (learned) {
            case TABLE_FULL -> {
                counters.drop(DropReason.PEER_TABLE_FULL);
                if (events.admit(TunnelEvent.PEER_LIMIT)) {
                    events.write(TunnelEvent.PEER_LIMIT, Level.WARNING, "peer table full (" + settings.maxPeers()
                            + " tunnel IPs, all heard from within " + settings.ttlMillis() + " ms): client " + address
                            + " from " + PeerTable.format(sender) + " not recorded (option maxpeers)");
                }
                return false;
            }
            case SOURCE_LIMIT -> {
                counters.drop(DropReason.PEER_SOURCE_LIMIT);
                if (events.admit(TunnelEvent.PEER_LIMIT)) {
                    events.write(TunnelEvent.PEER_LIMIT, Level.WARNING, "client " + address + " from "
                            + PeerTable.format(sender) + " not recorded: that address or host owns "
                            + MAX_ADDRESSES_PER_REGISTRATION + " / " + MAX_ADDRESSES_PER_HOST + " tunnel IPs already");
                }
                return false;
            }
            default -> {
                return true;
            }
        }
    }

    /** Under the peer table's lock: count and log only. */
    private void evicted(String peer) {
        counters.peersEvicted.increment();
        events.log(TunnelEvent.CLIENT_EVICTED, Level.WARNING,
                () -> "peer table full: client " + peer + ", removed to make room");
    }

    private void sweep() {
        long ttl = settings.ttlMillis();
        while (awaitPeriod(ttl)) {
            for (String expired : peers.expire(System.currentTimeMillis() - IDLE_PERIODS * ttl)) {
                events.log(TunnelEvent.CLIENT_EXPIRED, Level.INFO,
                        () -> "client " + expired + " expired, silent for " + IDLE_PERIODS * ttl + " ms");
            }
            events.flush();
            Peer p2p = p2pPeer;
            if (p2p != null && peers.sender(p2p.address) != p2p) {
                p2pPeer = null;
            }
        }
    }

    @Override
    List<TunnelSnapshot.SavedPeer> savedPeers() {
        List<TunnelSnapshot.SavedPeer> saved = new ArrayList<>();
        Peer p2p = p2pPeer;
        peers.ipsByPeer().forEach((peer, ips) -> saved.add(new TunnelSnapshot.SavedPeer(peer.address,
                peer.lastSeenMillis, peer.acceptedKey, new long[] {peer.packetsIn.sum(), peer.bytesIn.sum(),
                        peer.packetsOut.sum(), peer.bytesOut.sum()}, ips, peer == p2p)));
        return saved;
    }

    /**
     * Peers heard from within the idle expiry come back as they were: same UDP address, tunnel IPs, accepted key
     * (with an auther only peers it accepted), last seen time and traffic; the table's bounds apply as to any
     * registration, and this server's own addresses are never taken.
     */
    @Override
    String restore(TunnelSnapshot snapshot) {
        super.restore(snapshot);
        long now = System.currentTimeMillis();
        long oldest = now - IDLE_PERIODS * settings.ttlMillis();
        int restored = 0;
        for (TunnelSnapshot.SavedPeer saved : snapshot.peers()) {
            long lastSeen = Math.min(now, saved.lastSeenMillis());
            if (lastSeen < oldest || (settings.hasAuther() && saved.acceptedKey() == null)
                    || saved.tunnelIps().size() > MAX_ADDRESSES_PER_REGISTRATION
                    || saved.tunnelIps().stream().anyMatch(ownAddresses::contains)) {
                continue;
            }
            for (IpKey ip : saved.tunnelIps()) {
                peers.learn(ip, saved.address(), lastSeen);
            }
            Peer peer = peers.sender(saved.address());
            if (peer == null) {
                continue;
            }
            peer.acceptedKey = settings.hasAuther() ? saved.acceptedKey() : null;
            peer.packetsIn.add(saved.traffic()[0]);
            peer.bytesIn.add(saved.traffic()[1]);
            peer.packetsOut.add(saved.traffic()[2]);
            peer.bytesOut.add(saved.traffic()[3]);
            if (saved.p2p() && settings.p2p()) {
                p2pPeer = peer;
            }
            restored++;
        }
        return "counters, " + restored + " of " + snapshot.peers().size() + " peers";
    }

    @Override
    String[] peers() {
        return peers.describe(System.currentTimeMillis());
    }

    @Override
    int peerCount() {
        return peers.all().size();
    }

    @Override
    String[] peerTraffic() {
        return peers.ipsByPeer().entrySet().stream().map(owned -> {
            Peer peer = owned.getKey();
            return PeerTable.format(peer.address) + " "
                    + owned.getValue().stream().map(IpKey::toString).sorted().collect(Collectors.joining(",")) + " "
                    + peer.packetsIn.sum() + " " + peer.bytesIn.sum() + " " + peer.packetsOut.sum() + " "
                    + peer.bytesOut.sum();
        }).sorted().toArray(String[]::new);
    }

    @Override
    boolean disconnect(IpKey tunnelIp) {
        boolean removed = peers.remove(tunnelIp);
        if (removed) {
            log.log(Level.INFO, settings.name() + ": client " + tunnelIp + " disconnected by the operator");
        }
        return removed;
    }

    @Override
    protected void closeEndpoint() {
        endpoint.close();
    }
}
