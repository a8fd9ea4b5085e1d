package org.gost4j.tunnel.internal;

import java.lang.System.Logger.Level;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
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
 * everything it sends goes to the device. Peers idle for three ttl are removed by a sweeper thread.
 */
final class TunServer extends TunnelEngine {

    /** Far above any real client; GOST sets no limit, but one datagram must not fill the table. */
    static final int MAX_ADDRESSES_PER_REGISTRATION = 64;
    static final int MAX_PEERS = 4096;
    static final int IDLE_PERIODS = 3;
    /** Bounds the memory of "refusal already logged"; when full it starts over. */
    private static final int MAX_LOGGED_REFUSALS = 1024;
    /** Registrations waiting for an auther that answers later (an external service); more are refused. */
    static final int MAX_PENDING_REGISTRATIONS = 256;

    private final DatagramEndpoint endpoint;
    private final PeerTable peers = new PeerTable(MAX_PEERS);
    private final Set<IpKey> ownAddresses;
    private final RouteTable staticRoutes;
    private final Supplier<Authenticator> auther;
    private final Set<String> loggedRefusals = ConcurrentHashMap.newKeySet();
    private final WarningThrottle autherWarnings;
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
        this.autherWarnings = new WarningThrottle(log);
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
            Peer learned = peers.learn(probe, sender, now);
            if (learned == null) {
                counters.drop(DropReason.PEER_TABLE_FULL);
                return;
            }
            countIn(learned, datagram);
            if (settings.p2p() && p2pPeer == null) {
                p2pPeer = learned;
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
        if (settings.hasAuther()) {
            CompletableFuture<Boolean> verdict = authorize(message, addresses, sender);
            if (!verdict.isDone()) {
                defer(message, addresses, sender, verdict);
                return;
            }
            if (!verdict.join()) {
                return;
            }
        }
        accept(message, addresses, sender);
    }

    private static void countIn(Peer peer, ByteBuffer datagram) {
        peer.packetsIn.increment();
        peer.bytesIn.add(datagram.remaining());
    }

    /** Records the registration's addresses for {@code sender} and answers it. */
    private void accept(ByteBuffer message, IpKey[] addresses, InetSocketAddress sender) {
        long now = System.currentTimeMillis();
        Peer peer = null;
        for (IpKey address : addresses) {
            Peer before = peers.get(address);
            peer = peers.learn(address, sender, now);
            if (peer == null) {
                counters.drop(DropReason.PEER_TABLE_FULL);
                return;
            }
            if (before != peer) {
                log.log(Level.INFO, settings.name() + ": client " + address + " registered from "
                        + PeerTable.format(sender));
            }
        }
        if (settings.hasAuther()) {
            peer.acceptedKey = ControlMessage.keyBytes(message);
        }
        if (settings.p2p() && p2pPeer != peer) {
            p2pPeer = peer;
            log.log(Level.INFO, settings.name() + ": p2p peer is now " + PeerTable.format(sender));
        }
        send(ControlMessage.reply(sender), sender);
    }

    /**
     * Asks the auther for every address with the registration's key, as GOST does. While the auther is absent,
     * only an unchanged registration of an accepted peer (same address, IPs and key) passes: fail closed. The
     * verdict is complete at once unless the auther asks an external service.
     */
    private CompletableFuture<Boolean> authorize(ByteBuffer message, IpKey[] addresses, InetSocketAddress sender) {
        Authenticator current = auther.get();
        if (current == null) {
            Peer known = peers.sender(sender);
            if (known != null && ControlMessage.sameKey(message, known.acceptedKey)
                    && peers.allOwnedBy(addresses, known)) {
                return CompletableFuture.completedFuture(true);
            }
            counters.drop(DropReason.AUTHER_ABSENT);
            autherWarnings.warn(settings.name() + ": auther " + settings.autherName()
                    + " is absent, new registrations are refused");
            return CompletableFuture.completedFuture(false);
        }
        String key = ControlMessage.key(message);
        byte[] keyBytes = ControlMessage.keyBytes(message);
        AuthRequest request = new AuthRequest(settings.name(), PeerTable.format(sender), settings.ttlMillis());
        CompletableFuture<?>[] answers = new CompletableFuture<?>[addresses.length];
        for (int i = 0; i < addresses.length; i++) {
            answers[i] = ask(current, addresses[i].toString(), key, request);
        }
        return CompletableFuture.allOf(answers).thenApply(done -> {
            for (int i = 0; i < addresses.length; i++) {
                if (!Boolean.TRUE.equals(answers[i].join())) {
                    refuse(addresses[i], sender, keyBytes);
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
        if (known != null && java.util.Arrays.equals(key, known.acceptedKey) && peers.removeSender(sender)) {
            log.log(Level.INFO, settings.name() + ": client " + PeerTable.format(sender)
                    + " disconnected: the auther no longer accepts its registration");
        }
        counters.drop(DropReason.AUTH_FAILED); // last, so whoever sees the count sees the disconnection too
    }

    /** Completes the registration when the auther answers, from the thread that answers. */
    private void defer(ByteBuffer message, IpKey[] addresses, InetSocketAddress sender,
            CompletableFuture<Boolean> verdict) {
        if (pendingRegistrations.incrementAndGet() > MAX_PENDING_REGISTRATIONS) {
            pendingRegistrations.decrementAndGet();
            counters.drop(DropReason.AUTH_BUSY);
            return;
        }
        ByteBuffer copy = ByteBuffer.allocate(message.remaining());
        copy.put(0, message, message.position(), message.remaining());
        verdict.whenComplete((ok, error) -> {
            pendingRegistrations.decrementAndGet();
            if (running && Boolean.TRUE.equals(ok)) {
                accept(copy, addresses, sender);
            }
        });
    }

    /** Once per client IP and UDP address; never the passphrase. */
    private void logRefusal(IpKey address, InetSocketAddress sender) {
        String who = address + " from " + PeerTable.format(sender);
        if (loggedRefusals.size() >= MAX_LOGGED_REFUSALS) {
            loggedRefusals.clear();
        }
        if (loggedRefusals.add(who)) {
            log.log(Level.WARNING, settings.name() + ": client " + who + " refused by auther " + settings.autherName()
                    + " (unknown user, wrong passphrase or the auther's plugin failing)");
        }
    }

    private void sweep() {
        long ttl = settings.ttlMillis();
        while (awaitPeriod(ttl)) {
            for (String expired : peers.expire(System.currentTimeMillis() - IDLE_PERIODS * ttl)) {
                log.log(Level.INFO, settings.name() + ": client " + expired + " expired, silent for "
                        + IDLE_PERIODS * ttl + " ms");
            }
            Peer p2p = p2pPeer;
            if (p2p != null && peers.sender(p2p.address) != p2p) {
                p2pPeer = null;
            }
        }
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
        return peers.all().stream()
                .map(peer -> PeerTable.format(peer.address) + " " + String.join(",", peers.ipsOf(peer)) + " "
                        + peer.packetsIn.sum() + " " + peer.bytesIn.sum() + " " + peer.packetsOut.sum() + " "
                        + peer.bytesOut.sum())
                .sorted().toArray(String[]::new);
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
