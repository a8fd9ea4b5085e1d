package org.gost4j.tunnel.internal;

import java.lang.System.Logger.Level;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.Set;
import java.util.stream.Collectors;

import org.gost4j.api.device.TunDevice;
import org.gost4j.api.transport.DatagramEndpoint;

/**
 * GOST v3 TUN server. Learns client routes from registrations and, for peers that send none (socat, GOST v2),
 * from the inner source address. Packets between two clients are forwarded here without touching the device.
 */
final class TunServer extends TunnelEngine {

    /** Far above any real client; GOST sets no limit, but one datagram must not fill the table. */
    static final int MAX_ADDRESSES_PER_REGISTRATION = 64;
    static final int MAX_PEERS = 4096;

    private final DatagramEndpoint endpoint;
    private final PeerTable peers = new PeerTable(MAX_PEERS);
    private final Set<IpKey> ownAddresses;
    private final IpKey gateway;

    TunServer(TunnelSettings settings, TunDevice device, DatagramEndpoint endpoint) {
        super(settings, device);
        this.endpoint = endpoint;
        this.ownAddresses = settings.net().stream().map(net -> IpKey.of(net.address())).collect(Collectors.toSet());
        this.gateway = settings.gateway() == null ? null : IpKey.of(settings.gateway());
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
        Peer peer = peers.get(probe.loadDestination(packet));
        if (peer == null && gateway != null) {
            peer = peers.get(gateway);
        }
        if (peer == null) {
            counters.drop(DropReason.NO_ROUTE);
            return;
        }
        send(packet, peer.address);
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
        if (!ownAddresses.contains(probe.loadSource(datagram)) && !peers.learn(probe, sender, now)) {
            counters.drop(DropReason.PEER_TABLE_FULL);
            return;
        }
        Peer peer = peers.get(probe.loadDestination(datagram));
        if (peer != null && !peer.address.equals(sender)) {
            counters.packetsForwarded.increment();
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
        long now = System.currentTimeMillis();
        for (IpKey address : addresses) {
            boolean known = peers.get(address) != null;
            if (!peers.learn(address, sender, now)) {
                counters.drop(DropReason.PEER_TABLE_FULL);
                return;
            }
            if (!known) {
                log.log(Level.INFO, settings.name() + ": client " + address + " registered from " + sender);
            }
        }
        send(ControlMessage.reply(sender), sender);
    }

    @Override
    String[] peers() {
        return peers.describe(System.currentTimeMillis());
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
