package org.gost4j.tunnel.internal;

import java.io.IOException;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

import org.gost4j.api.device.TunDevice;
import org.gost4j.api.io.PacketBatch;
import org.gost4j.api.io.Pollable;
import org.gost4j.api.transport.DatagramEndpoint;
import org.gost4j.api.tunnel.TunnelState;
import org.gost4j.support.log.RateLimitedLog;

/**
 * What a server and a client share: the threads that move packets in explicit batches, each thread with batches
 * of its own allocated once. Subclasses decide per packet where it goes ({@link #fromDevice},
 * {@link #fromNetwork}); what they send or write collects in the thread's outgoing batches, which leave in one
 * call each (UDP GSO for runs to one peer, a TCP super-packet for segments of one flow) before the thread reads
 * again.
 *
 * <p>Where device and endpoint are both {@link Pollable} and the system has a {@link Poller}, one thread serves
 * both directions, as socat does: it waits for either, then takes what is waiting on the ready ones. A reply the
 * kernel queues on the device while the thread writes a packet is then read by the same thread, with no other
 * thread to wake; on a virtual machine, each such wake-up and context switch costs more than the packet.
 * Elsewhere one thread moves device → network and one network → device, each blocking on its side; where only
 * the device is {@link Pollable} (a chain's endpoint is not), the device's thread waits with a poller watching the
 * device alone, so that it can be stopped without closing the device and the device handed over.
 *
 * <p>A device that fails (a read error: its interface was deleted under it) is closed, the tunnel is
 * {@link TunnelState#FAILED} and counted, and a new device with the same name is tried after a backoff (1 s
 * doubling to 30 s) until one opens; meanwhile datagrams for the device are dropped and nothing spins.
 */
abstract class TunnelEngine implements AutoCloseable {

    private static final long JOIN_MILLIS = 2_000;
    /**
     * Bounds a wait of the single thread, so that an endpoint swapped between watching it and waiting on it is
     * noticed; a swap closes the old socket, which normally ends the wait at once.
     */
    private static final int AWAIT_MILLIS = 1_000;
    private static final long DRAIN_QUIET_MILLIS = 20;
    private static final long DRAIN_MAX_MILLIS = 200;
    static final long FIRST_REOPEN_MILLIS = 1_000;
    static final long MAX_REOPEN_MILLIS = 30_000;
    /** A batch's room per packet beyond the first, which may take {@link PacketBatch#MAX_PACKET}. */
    private static final int SLOT_BYTES = 2048;
    /** After this many writes to the device in a row brought no answer, the single thread looks only now and then. */
    static final int ANSWERS_MISSED_BEFORE_PAUSE = 4;
    /** How often it looks then: every this many writes. */
    static final int LOOK_FOR_ANSWERS_EVERY = 32;

    protected final Logger log;
    protected final TunnelSettings settings;
    protected final TunnelDevice device;
    protected final TunnelCounters counters = new TunnelCounters();
    private final Poller.Factory pollers;
    /** Log lines the network can trigger, limited per kind. */
    protected final RateLimitedLog<TunnelEvent> events;
    private final List<Thread> threads = new ArrayList<>();
    /** The poller the device is waited on with (by the single thread or by its own), or null where it is read. */
    private volatile Poller poller;
    /** The threads' lanes, set before they start. */
    private volatile Lane[] lanes = new Lane[0];
    protected volatile boolean running;
    /** Set once the tunnel stops: a send failing after that is the closing endpoint's, not news. */
    private volatile boolean stopped;
    /** Cleared first when a hand-over drains the network: see {@link #drainNetwork}. */
    private volatile boolean readingDevice = true;
    private final AtomicReference<TunnelState> state = new AtomicReference<>(TunnelState.STARTING);
    /** Why the device failed, while the state is {@link TunnelState#FAILED}. */
    private volatile String deviceFailure = "";
    /** Notified when the tunnel stops, so periodic threads (keepalive, sweepers) end at once. */
    private final Object stopSignal = new Object();
    /** Reopening a failed device; used by the thread that reads the device only. */
    private long reopenDelayMillis = FIRST_REOPEN_MILLIS;
    private long nextReopenMillis;

    TunnelEngine(TunnelSettings settings, TunnelDevice device, Poller.Factory pollers) {
        this.settings = settings;
        this.device = device;
        this.pollers = pollers;
        this.log = System.getLogger(getClass().getName());
        this.events = new RateLimitedLog<>(log, settings.name() + ": ", TunnelEvent.class);
    }

    /** The endpoint to receive from now; a client swaps it when it reconnects. */
    protected abstract DatagramEndpoint endpoint();

    /**
     * Handles one packet read from the device, the bytes from {@code packet}'s position to its limit: sends it
     * with {@link #send} or drops it.
     */
    protected abstract void fromDevice(ByteBuffer packet, IpKey probe);

    /** Handles one datagram from {@code sender}, the bytes from its position to its limit. */
    protected abstract void fromNetwork(ByteBuffer datagram, InetSocketAddress sender, IpKey probe);

    TunnelState state() {
        return state.get();
    }

    /** Why the tunnel is failed, in one line; empty unless {@link #state()} is {@link TunnelState#FAILED}. */
    String failure() {
        return state.get() == TunnelState.FAILED ? deviceFailure : "";
    }

    /** For subclasses whose state moves between {@link TunnelState#UP} and {@link TunnelState#RECONNECTING}. */
    protected final void changeState(TunnelState from, TunnelState to) {
        state.compareAndSet(from, to);
    }

    void start() {
        running = true;
        state.set(TunnelState.UP);
        TunDevice first = device.current();
        DatagramEndpoint endpoint = endpoint();
        Poller poller = first instanceof Pollable ? pollers.open() : null;
        this.poller = poller;
        if (poller != null && endpoint instanceof Pollable) {
            Lane lane = new Lane(first, endpoint);
            lanes = new Lane[] {lane};
            startThread("packets", () -> pumpBoth(lane, poller));
        } else {
            Lane fromDevice = new Lane(first, null);
            Lane fromNetwork = new Lane(null, endpoint);
            lanes = new Lane[] {fromDevice, fromNetwork};
            startThread("device-to-network",
                    poller == null ? () -> pumpFromDevice(fromDevice) : () -> pumpFromDevice(fromDevice, poller));
            startThread("network-to-device", () -> pumpFromNetwork(fromNetwork));
        }
    }

    protected final void startThread(String role, Runnable loop) {
        Thread thread = new Thread(loop, "gost4j-" + settings.name() + "-" + role);
        thread.setDaemon(true);
        threads.add(thread);
        thread.start();
    }

    /**
     * What one thread moves packets with: the batch it reads the device into and the batch of sends made from it,
     * the batch it receives datagrams into and the batches of device writes and forwards made from it, a window
     * onto the packet at hand in each, and a probe for lookups.
     */
    private static final class Lane {
        final PacketBatch fromDevice;
        final PacketBatch sends;
        final ByteBuffer deviceWindow;
        final PacketBatch fromNetwork;
        final PacketBatch toDevice;
        final PacketBatch forwards;
        final ByteBuffer networkWindow;
        final IpKey probe = new IpKey();

        /** A null side is one this lane does not serve. */
        Lane(TunDevice device, DatagramEndpoint endpoint) {
            if (device != null) {
                fromDevice = allocate(device.batchSize());
                sends = new PacketBatch(fromDevice.buffer(), Math.max(fromDevice.capacity(), 64));
                deviceWindow = fromDevice.buffer().duplicate();
            } else {
                fromDevice = sends = null;
                deviceWindow = null;
            }
            if (endpoint != null) {
                fromNetwork = allocate(endpoint.batchSize());
                toDevice = new PacketBatch(fromNetwork.buffer(), fromNetwork.capacity());
                forwards = new PacketBatch(fromNetwork.buffer(), Math.max(fromNetwork.capacity(), 64));
                networkWindow = fromNetwork.buffer().duplicate();
            } else {
                fromNetwork = toDevice = forwards = null;
                networkWindow = null;
            }
        }

        private static PacketBatch allocate(int capacity) {
            return PacketBatch.allocate(capacity, PacketBatch.MAX_PACKET + (capacity - 1) * SLOT_BYTES);
        }
    }

    /** Device → network on a thread of its own. */
    private void pumpFromDevice(Lane lane) {
        while (running) {
            if (state.get() == TunnelState.FAILED) {
                reopenDeviceWhenDue();
                continue;
            }
            TunDevice current = device.current();
            lane.fromDevice.clear();
            try {
                current.read(lane.fromDevice);
            } catch (IOException e) {
                deviceFailed(current, e);
                continue;
            }
            handleDeviceBatch(lane);
        }
    }

    /** For the device's own thread while the device is failed: waits for the backoff, then tries a new device. */
    private void reopenDeviceWhenDue() {
        if (awaitPeriod(Math.max(1, nextReopenMillis - System.currentTimeMillis()))) {
            reopenDevice();
        }
    }

    /** Device → network on a thread of its own that waits with {@code poller}, watching the device only. */
    private void pumpFromDevice(Lane lane, Poller poller) {
        Watch watch = new Watch();
        try {
            while (running && readingDevice) {
                serveDevice(lane, poller, watch);
            }
        } finally {
            poller.close();
        }
    }

    /** One round of {@link #pumpFromDevice(Lane, Poller)}; a method of its own for the JIT, as {@link #serveBoth}. */
    private void serveDevice(Lane lane, Poller poller, Watch watch) {
        if (state.get() == TunnelState.FAILED) {
            reopenDeviceWhenDue();
            return;
        }
        TunDevice current = device.current();
        if (current != watch.device && !watchDevice(poller, watch, current)) {
            return;
        }
        if (!watch.moreFromDevice) {
            try {
                if ((poller.await(AWAIT_MILLIS) & Poller.DEVICE) == 0) {
                    return;
                }
            } catch (IOException e) {
                events.log(TunnelEvent.DEVICE_ERROR, Level.WARNING,
                        () -> "waiting for device " + current.name() + " failed: " + e);
                pause();
                return;
            }
        }
        watch.moreFromDevice = readWaiting(lane, watch, poller, current);
    }

    /** Network → device on a thread of its own. */
    private void pumpFromNetwork(Lane lane) {
        while (running) {
            DatagramEndpoint endpoint = endpoint();
            lane.fromNetwork.clear();
            try {
                endpoint.receive(lane.fromNetwork);
            } catch (ClosedChannelException e) {
                pauseIfNotReplaced(endpoint);
                continue;
            } catch (IOException e) {
                counters.drop(DropReason.RECEIVE_FAILED);
                continue;
            }
            handleNetworkBatch(lane, endpoint);
        }
    }

    /** What the single thread keeps between rounds. */
    private static final class Watch {
        Pollable device;
        Pollable endpoint;
        boolean moreFromDevice;
        boolean moreFromNetwork;
        /** Reads of the device right after a write to it that found no answer, in a row (see receiveWaiting). */
        int answersMissed;
        /** Writes since the last such read, once they stopped finding answers. */
        int writesWithoutLooking;

        /** Whether to read the device after this write: while answers come, and now and then to see if they do. */
        boolean looksForAnswer() {
            if (answersMissed < ANSWERS_MISSED_BEFORE_PAUSE || ++writesWithoutLooking >= LOOK_FOR_ANSWERS_EVERY) {
                writesWithoutLooking = 0;
                return true;
            }
            return false;
        }

        void looked(boolean found) {
            answersMissed = found ? 0 : Math.min(answersMissed + 1, ANSWERS_MISSED_BEFORE_PAUSE);
        }
    }

    /** Both directions on one thread; see the class comment. Ends when the tunnel stops. */
    private void pumpBoth(Lane lane, Poller poller) {
        Watch watch = new Watch();
        try {
            while (running) {
                serveBoth(lane, poller, watch);
            }
        } finally {
            poller.close();
        }
    }

    /**
     * One round of {@link #pumpBoth}. A method of its own so the JIT compiles it after some calls: the loop that
     * calls it is entered once and would run interpreted until the JIT replaces it on the stack, which a quiet
     * tunnel (a ping every second) never reaches.
     */
    private void serveBoth(Lane lane, Poller poller, Watch watch) {
        DatagramEndpoint endpoint = endpoint();
        if (endpoint != watch.endpoint && !watchEndpoint(poller, watch, endpoint)) {
            return;
        }
        TunDevice current = device.current();
        if (state.get() != TunnelState.FAILED && current != watch.device && !watchDevice(poller, watch, current)) {
            return;
        }
        boolean more = watch.moreFromDevice || watch.moreFromNetwork;
        int ready;
        try {
            ready = poller.await(more ? 0 : waitMillis());
        } catch (IOException e) {
            events.log(TunnelEvent.DEVICE_ERROR, Level.WARNING,
                    () -> "waiting for device " + current.name() + " or the network failed: " + e);
            pause();
            return;
        }
        boolean written = ((ready & Poller.NETWORK) != 0 || watch.moreFromNetwork)
                && receiveWaiting(lane, watch, (Pollable) endpoint, endpoint);
        boolean lookingForAnswer = written && !watch.moreFromDevice && (ready & Poller.DEVICE) == 0
                && watch.looksForAnswer();
        if (state.get() == TunnelState.FAILED) {
            watch.moreFromDevice = false;
            if (System.currentTimeMillis() >= nextReopenMillis) {
                reopenDevice();
            }
        } else if ((ready & Poller.DEVICE) != 0 || watch.moreFromDevice || lookingForAnswer) {
            watch.moreFromDevice = readWaiting(lane, watch, poller, current);
            if (lookingForAnswer) {
                watch.looked(lane.fromDevice.size() > 0);
            }
        }
    }

    private boolean watchEndpoint(Poller poller, Watch watch, DatagramEndpoint endpoint) {
        try {
            poller.watch(Poller.NETWORK, (Pollable) endpoint);
            watch.endpoint = (Pollable) endpoint;
            return true;
        } catch (ClosedChannelException e) {
            pauseIfNotReplaced(endpoint);
            return false;
        }
    }

    private boolean watchDevice(Poller poller, Watch watch, TunDevice current) {
        try {
            poller.watch(Poller.DEVICE, (Pollable) current);
            watch.device = (Pollable) current;
            return true;
        } catch (ClosedChannelException e) {
            deviceFailed(current, e);
            return false;
        }
    }

    /** How long the single thread may sleep: until the next reopen of a failed device at the latest. */
    private int waitMillis() {
        if (state.get() != TunnelState.FAILED) {
            return AWAIT_MILLIS;
        }
        return (int) Math.max(0, Math.min(AWAIT_MILLIS, nextReopenMillis - System.currentTimeMillis()));
    }

    /**
     * Takes what is waiting on the network and sets whether more may be waiting there (the batch came back full).
     * After writes to the device, the device may be readable although the wait did not say so: the kernel answers
     * some packets during their write (a TCP acknowledgement, the data an acknowledgement lets go, an echo reply
     * of the host itself), and {@link #serveBoth} reads those answers in this round rather than after the next
     * wait. Where writes bring no answer (a ping's reply written on the client) that read would find nothing, so
     * once {@link #ANSWERS_MISSED_BEFORE_PAUSE} reads in a row found nothing, it is made only every
     * {@link #LOOK_FOR_ANSWERS_EVERY}th write until one finds an answer again ({@link Watch#looksForAnswer}).
     *
     * @return whether anything was written to the device
     */
    private boolean receiveWaiting(Lane lane, Watch watch, Pollable pollable, DatagramEndpoint endpoint) {
        lane.fromNetwork.clear();
        try {
            if (pollable.readNow(lane.fromNetwork) == 0) {
                watch.moreFromNetwork = false;
                return false;
            }
        } catch (ClosedChannelException e) {
            pauseIfNotReplaced(endpoint);
            watch.moreFromNetwork = false; // the next round watches the next endpoint
            return false;
        } catch (IOException e) {
            counters.drop(DropReason.RECEIVE_FAILED);
            watch.moreFromNetwork = true;
            return false;
        }
        boolean written = handleNetworkBatch(lane, endpoint);
        watch.moreFromNetwork = lane.fromNetwork.isFull();
        return written;
    }

    /** @return whether more may be waiting: the batch came back full */
    private boolean readWaiting(Lane lane, Watch watch, Poller poller, TunDevice current) {
        lane.fromDevice.clear();
        try {
            if (watch.device.readNow(lane.fromDevice) == 0) {
                return false;
            }
        } catch (IOException e) {
            poller.unwatch(Poller.DEVICE);
            watch.device = null;
            deviceFailed(current, e);
            return false;
        }
        handleDeviceBatch(lane);
        return lane.fromDevice.isFull();
    }

    /** Counts and dispatches what a device read put into the lane's batch, then sends what that made. */
    private void handleDeviceBatch(Lane lane) {
        PacketBatch packets = lane.fromDevice;
        ByteBuffer window = lane.deviceWindow;
        long bytes = 0;
        for (int i = 0; i < packets.size(); i++) {
            int offset = packets.offset(i);
            int length = packets.length(i);
            bytes += length;
            window.clear().position(offset).limit(offset + length);
            fromDevice(window, lane.probe);
        }
        counters.packetsFromDevice.add(packets.size());
        counters.bytesFromDevice.add(bytes);
        sendAll(lane.sends);
    }

    /**
     * Dispatches the datagrams of a receive, then writes and sends what that made.
     *
     * @return whether any of them was written to the device
     */
    private boolean handleNetworkBatch(Lane lane, DatagramEndpoint endpoint) {
        PacketBatch datagrams = lane.fromNetwork;
        ByteBuffer window = lane.networkWindow;
        counters.packetsFromNetwork.add(datagrams.size());
        counters.bytesFromNetwork.add(bytes(datagrams));
        for (int i = 0; i < datagrams.size(); i++) {
            int offset = datagrams.offset(i);
            window.clear().position(offset).limit(offset + datagrams.length(i));
            fromNetwork(window, datagrams.address(i), lane.probe);
        }
        boolean toDevice = !lane.toDevice.isEmpty(); // a batch written early when full was followed by one more
        writeAll(lane.toDevice);
        sendAll(lane.forwards);
        return toDevice;
    }

    /**
     * The device failed under the tunnel (a read error or a close that was not ours): closes it, marks the tunnel
     * failed and schedules a new device. Ignored once the tunnel stops, or when the device was replaced already.
     */
    private void deviceFailed(TunDevice failed, IOException cause) {
        if (!running || failed != device.current() || state.get() == TunnelState.FAILED) {
            return;
        }
        deviceFailure = "device " + failed.name() + " failed ("
                + (cause instanceof ClosedChannelException ? "closed under the tunnel" : cause.getMessage()) + ")";
        state.set(TunnelState.FAILED);
        counters.deviceFailures.increment();
        failed.close();
        nextReopenMillis = System.currentTimeMillis() + reopenDelayMillis;
        log.log(Level.WARNING, settings.name() + ": " + deviceFailure
                + "; the tunnel is failed until a new device opens, tried in " + reopenDelayMillis + " ms");
    }

    /** Tries a new device; on failure tries again after twice the delay, up to {@link #MAX_REOPEN_MILLIS}. */
    private void reopenDevice() {
        try {
            TunDevice reopened = device.reopen();
            reopenDelayMillis = FIRST_REOPEN_MILLIS;
            state.set(TunnelState.UP);
            log.log(Level.INFO, settings.name() + ": device " + reopened.name() + " reopened, the tunnel is up again");
        } catch (IOException | RuntimeException e) {
            reopenDelayMillis = Math.min(MAX_REOPEN_MILLIS, reopenDelayMillis * 2);
            nextReopenMillis = System.currentTimeMillis() + reopenDelayMillis;
            log.log(Level.WARNING, settings.name() + ": reopening device " + device.current().name() + " failed ("
                    + e.getMessage() + "); next try in " + reopenDelayMillis + " ms");
        }
    }

    /** After a receive found {@code endpoint} closed: to stop, or to reconnect (the next one is in place). */
    private void pauseIfNotReplaced(DatagramEndpoint endpoint) {
        if (running && endpoint == endpoint()) {
            pause(); // closed under us with no replacement yet: do not spin
        }
    }

    private static void pause() {
        try {
            Thread.sleep(100);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Checks a datagram's size and header; counts and returns false if it must be dropped. */
    protected final boolean acceptable(ByteBuffer datagram) {
        if (datagram.remaining() > settings.maxDatagram()) {
            counters.drop(DropReason.OVERSIZED);
            return false;
        }
        DropReason reason = check(datagram);
        if (reason != null) {
            counters.drop(reason);
            return false;
        }
        return true;
    }

    /** Validates what the datagram carries: an IP packet here, an Ethernet frame for TAP. @return null if valid */
    protected DropReason check(ByteBuffer datagram) {
        return IpPackets.check(datagram);
    }

    /** Writes a datagram handed to {@link #fromNetwork} to the device, with the rest of its batch. */
    protected final void writeToDevice(ByteBuffer datagram) {
        Lane lane = laneOf(datagram);
        if (lane == null) {
            throw new IllegalArgumentException("only a datagram handed to fromNetwork goes to the device");
        }
        if (lane.toDevice.size() == lane.toDevice.capacity()) {
            writeAll(lane.toDevice);
        }
        lane.toDevice.add(datagram.position(), datagram.remaining());
    }

    /** Writes and clears {@code packets}; while the device is failed they are dropped. */
    private void writeAll(PacketBatch packets) {
        if (packets.isEmpty()) {
            return;
        }
        if (state.get() == TunnelState.FAILED) {
            counters.drop(DropReason.DEVICE_FAILED, packets.size());
            packets.clear();
            return;
        }
        TunDevice current = device.current();
        try {
            current.write(packets);
            counters.packetsToDevice.add(packets.size());
            counters.bytesToDevice.add(bytes(packets));
        } catch (IOException e) {
            if (running) {
                counters.drop(state.get() == TunnelState.FAILED ? DropReason.DEVICE_FAILED : DropReason.DEVICE_WRITE_FAILED,
                        packets.size());
                events.log(TunnelEvent.DEVICE_ERROR, Level.WARNING,
                        () -> "writing to device " + current.name() + " failed: " + e);
            }
        }
        packets.clear();
    }

    /**
     * Sends a packet or datagram to {@code target}. One handed to {@link #fromDevice} or {@link #fromNetwork}
     * joins the thread's outgoing batch (sent once the batch read is handled); any other, e.g. a control message,
     * leaves at once.
     */
    protected final void send(ByteBuffer datagram, InetSocketAddress target) {
        Lane lane = laneOf(datagram);
        if (lane == null) {
            sendNow(datagram, target);
            return;
        }
        PacketBatch out = datagram == lane.deviceWindow ? lane.sends : lane.forwards;
        if (out.size() == out.capacity()) {
            sendAll(out);
        }
        out.add(datagram.position(), datagram.remaining(), target);
    }

    /** The lane whose window {@code buffer} is, or null. */
    private Lane laneOf(ByteBuffer buffer) {
        for (Lane lane : lanes) {
            if (buffer == lane.deviceWindow || buffer == lane.networkWindow) {
                return lane;
            }
        }
        return null;
    }

    private void sendNow(ByteBuffer datagram, InetSocketAddress target) {
        sendThrough(endpoint(), datagram, target);
    }

    /** Sends a datagram at once through {@code through}, which need not be {@link #endpoint()} (yet). */
    protected final void sendThrough(DatagramEndpoint through, ByteBuffer datagram, InetSocketAddress target) {
        int bytes = datagram.remaining(); // before the send consumes it
        try {
            through.send(datagram, target);
            counters.packetsToNetwork.increment();
            counters.bytesToNetwork.add(bytes);
        } catch (IOException e) {
            if (!stopped) { // also before start: a client's first registration
                counters.drop(DropReason.SEND_FAILED);
                events.log(TunnelEvent.NETWORK_ERROR, Level.WARNING, () -> "sending to " + target + " failed: " + e);
            }
        }
    }

    /** Sends and clears {@code datagrams}. */
    private void sendAll(PacketBatch datagrams) {
        if (datagrams.isEmpty()) {
            return;
        }
        try {
            endpoint().send(datagrams);
            counters.packetsToNetwork.add(datagrams.size());
            counters.bytesToNetwork.add(bytes(datagrams));
        } catch (IOException e) {
            if (running) {
                counters.drop(DropReason.SEND_FAILED, datagrams.size());
                InetSocketAddress first = datagrams.address(0);
                events.log(TunnelEvent.NETWORK_ERROR, Level.WARNING, () -> "sending to " + first + " failed: " + e);
            }
        }
        datagrams.clear();
    }

    private static long bytes(PacketBatch batch) {
        long bytes = 0;
        for (int i = 0; i < batch.size(); i++) {
            bytes += batch.length(i);
        }
        return bytes;
    }

    TunnelCounters counters() {
        return counters;
    }

    /** Counters and, for a server, its peers or MACs: what the next engine of this tunnel takes over. */
    TunnelSnapshot snapshot() {
        return new TunnelSnapshot(System.currentTimeMillis(), counters.values(), savedPeers(), savedMacs(), List.of());
    }

    List<TunnelSnapshot.SavedPeer> savedPeers() {
        return List.of();
    }

    List<TunnelSnapshot.SavedMac> savedMacs() {
        return List.of();
    }

    /**
     * Takes over what a previous engine of this tunnel saved, before {@link #start}: counters continue, a server's
     * peers (or MACs) not yet expired are known again.
     *
     * @return what was taken, for the log
     */
    String restore(TunnelSnapshot snapshot) {
        counters.add(snapshot.counters());
        return "counters";
    }

    /** How long a snapshot is worth restoring: after that, whatever it holds would have expired anyway. */
    long snapshotLifetimeMillis() {
        return TunServer.IDLE_PERIODS * settings.ttlMillis();
    }

    abstract String[] peers();

    /** Clients known now; a client engine counts its server. */
    int peerCount() {
        return 1;
    }

    /** Per-client traffic lines (see {@code TunnelMBean.getPeerTraffic}); only a TUN server keeps them. */
    String[] peerTraffic() {
        return new String[0];
    }

    /** Forgets the peer owning {@code tunnelIp}; only a server has peers to forget. */
    boolean disconnect(IpKey tunnelIp) {
        return false;
    }

    /** Stops the threads and releases the endpoint and the device. */
    @Override
    public void close() {
        stopThreads();
        closeEndpoint();
        device.close();
        joinThreads();
    }

    /**
     * Stops the threads but leaves the device open, and the endpoint too where one thread serves both directions,
     * for a next engine to take over; possible only where the device is waited on with a poller (a wait that can
     * be ended without closing the device). Where the network has a thread of its own, its endpoint is closed:
     * that thread waits in a receive only a close ends (see {@link #handsOverEndpoint}). A device still failed is
     * not worth handing over.
     *
     * @return false, having done nothing, where the device is waited on in a read that only a close ends
     */
    boolean stopForHandOver() {
        Poller devicePoller = poller;
        if (devicePoller == null || state.get() == TunnelState.FAILED) {
            return false;
        }
        if (!handsOverEndpoint()) {
            drainNetwork(devicePoller);
            stopThreads();
            closeEndpoint();
        } else {
            stopThreads();
            devicePoller.wake();
        }
        joinThreads();
        return true;
    }

    /**
     * Before an endpoint that is not handed over closes: stops reading the device (what it holds waits there for
     * the next engine) and goes on writing to it what comes from the network until it has been quiet for
     * {@value #DRAIN_QUIET_MILLIS} ms, at most {@value #DRAIN_MAX_MILLIS} ms, so the answers to the last
     * datagrams sent are not lost with the endpoint.
     */
    private void drainNetwork(Poller devicePoller) {
        readingDevice = false;
        devicePoller.wake();
        long deadline = System.currentTimeMillis() + DRAIN_MAX_MILLIS;
        long seen = -1;
        while (System.currentTimeMillis() < deadline) {
            long received = counters.packetsFromNetwork.sum();
            if (received == seen) {
                return;
            }
            seen = received;
            if (!awaitPeriod(DRAIN_QUIET_MILLIS)) {
                return;
            }
        }
    }

    /** Whether {@link #stopForHandOver} leaves the endpoint open: one thread serves both directions. */
    boolean handsOverEndpoint() {
        return lanes.length == 1;
    }

    private void stopThreads() {
        stopped = true;
        running = false;
        synchronized (stopSignal) {
            stopSignal.notifyAll();
        }
    }

    private void joinThreads() {
        for (Thread thread : threads) {
            try {
                thread.join(JOIN_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            if (thread.isAlive()) {
                log.log(Level.WARNING, thread.getName() + " did not stop within " + JOIN_MILLIS + " ms");
            }
        }
    }

    protected abstract void closeEndpoint();

    /**
     * Waits {@code millis}, or less if the tunnel stops meanwhile; for threads doing periodic work.
     *
     * @return false when the tunnel stops
     */
    protected final boolean awaitPeriod(long millis) {
        synchronized (stopSignal) {
            long deadline = System.currentTimeMillis() + millis;
            long left = millis;
            while (running && left > 0) {
                try {
                    stopSignal.wait(left);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return false;
                }
                left = deadline - System.currentTimeMillis();
            }
            return running;
        }
    }
}
