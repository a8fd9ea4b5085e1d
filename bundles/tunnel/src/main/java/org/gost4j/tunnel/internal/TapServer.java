package org.gost4j.tunnel.internal;

import java.lang.System.Logger.Level;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.List;

import org.gost4j.api.transport.DatagramEndpoint;

/**
 * GOST v3 TAP server: one Ethernet frame per datagram, no control messages. It works as a learning bridge
 * between its device and its clients: source MACs are learned per client UDP address (and for the device),
 * unicast frames go to the owner of their destination, broadcast, multicast and unknown unicast are flooded
 * to every other client and the device. GOST floods only broadcast and leaves unknown destinations to the
 * device; flooding multicast is what makes IPv6 neighbour discovery work between clients.
 */
final class TapServer extends TunnelEngine {

    static final int MAX_MACS = 4096;
    /** As a Linux bridge ages its forwarding entries. */
    static final long AGING_MILLIS = 300_000;

    private final DatagramEndpoint endpoint;
    private final MacTable table;
    private final long sweepMillis;
    private final long agingMillis;
    /** Each probe is used by one thread only: the device reader and the network reader. */
    private final MacKey deviceProbe = new MacKey();
    private final MacKey networkProbe = new MacKey();

    TapServer(TunnelSettings settings, TunnelDevice device, DatagramEndpoint endpoint, Poller.Factory pollers) {
        this(settings, device, endpoint, pollers, MAX_MACS, AGING_MILLIS);
    }

    TapServer(TunnelSettings settings, TunnelDevice device, DatagramEndpoint endpoint, Poller.Factory pollers,
            int maxMacs, long agingMillis) {
        super(settings, device, pollers);
        this.endpoint = endpoint;
        this.table = new MacTable(maxMacs, agingMillis);
        this.sweepMillis = Math.max(10, agingMillis / 10);
        this.agingMillis = agingMillis;
    }

    @Override
    void start() {
        super.start();
        startThread("mac-aging", this::sweep);
    }

    @Override
    protected DatagramEndpoint endpoint() {
        return endpoint;
    }

    @Override
    protected DropReason check(ByteBuffer frame) {
        return EthernetFrames.check(frame, settings.mtu());
    }

    @Override
    protected void fromDevice(ByteBuffer frame, IpKey unused) {
        DropReason reason = check(frame);
        if (reason != null) {
            counters.drop(reason);
            return;
        }
        // Best effort: if the table is full the device's MAC stays unknown and frames to it are flooded, which
        // still delivers them; our own host's traffic is never dropped for it.
        table.learn(deviceProbe.load(frame, EthernetFrames.SOURCE), null, System.currentTimeMillis());
        if (EthernetFrames.isGroup(frame, EthernetFrames.DESTINATION)) {
            flood(frame, null);
            return;
        }
        MacTable.Station station = table.get(deviceProbe.load(frame, EthernetFrames.DESTINATION));
        if (station == null) {
            flood(frame, null);
        } else if (station.owner != null) {
            send(frame, station.owner);
        }
        // else: a frame from the device to itself (e.g. a bridge behind it), nothing to carry
    }

    @Override
    protected void fromNetwork(ByteBuffer frame, InetSocketAddress sender, IpKey unused) {
        if (!acceptable(frame)) {
            return;
        }
        long now = System.currentTimeMillis();
        if (!table.learn(networkProbe.load(frame, EthernetFrames.SOURCE), sender, now)) {
            counters.drop(DropReason.MAC_TABLE_FULL);
            if (events.admit(TunnelEvent.MAC_TABLE_FULL)) { // per frame: a left-out line allocates nothing
                events.write(TunnelEvent.MAC_TABLE_FULL, Level.WARNING, "MAC table full (" + table.capacity()
                        + " entries); frames from new source MACs are dropped until entries age out");
            }
            return;
        }
        MacTable.Station station = EthernetFrames.isGroup(frame, EthernetFrames.DESTINATION) ? null
                : table.get(networkProbe.load(frame, EthernetFrames.DESTINATION));
        if (station == null) {
            flood(frame, sender);
            writeToDevice(frame);
        } else if (station.owner == null) {
            writeToDevice(frame);
        } else if (!station.owner.equals(sender)) {
            counters.packetsForwarded.increment();
            send(frame, station.owner);
        }
        // else: the destination sits behind the sender itself; a bridge filters such frames
    }

    /** Sends the frame to every client except {@code sender}. */
    private void flood(ByteBuffer frame, InetSocketAddress sender) {
        for (InetSocketAddress client : table.clients()) {
            if (!client.equals(sender)) {
                counters.packetsForwarded.increment();
                send(frame, client);
            }
        }
    }

    private void sweep() {
        while (awaitPeriod(sweepMillis)) {
            table.expire(System.currentTimeMillis());
            events.flush();
        }
    }

    @Override
    List<TunnelSnapshot.SavedMac> savedMacs() {
        return table.saved();
    }

    /** MACs seen within the aging time come back with their owners (clients, or the device). */
    @Override
    String restore(TunnelSnapshot snapshot) {
        super.restore(snapshot);
        long now = System.currentTimeMillis();
        int restored = 0;
        for (TunnelSnapshot.SavedMac saved : snapshot.macs()) {
            long lastSeen = Math.min(now, saved.lastSeenMillis());
            if (now - lastSeen <= agingMillis && table.learn(MacKey.of(saved.mac()), saved.owner(), lastSeen)) {
                restored++;
            }
        }
        return "counters, " + restored + " of " + snapshot.macs().size() + " MACs";
    }

    @Override
    long snapshotLifetimeMillis() {
        return agingMillis;
    }

    @Override
    String[] peers() {
        return table.describe(System.currentTimeMillis());
    }

    @Override
    int peerCount() {
        return table.clients().length;
    }

    @Override
    protected void closeEndpoint() {
        endpoint.close();
    }
}
