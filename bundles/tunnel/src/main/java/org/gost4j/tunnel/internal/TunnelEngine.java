package org.gost4j.tunnel.internal;

import java.io.IOException;
import java.lang.System.Logger;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.util.ArrayList;
import java.util.List;

import org.gost4j.api.device.TunDevice;
import org.gost4j.api.transport.DatagramEndpoint;
import org.gost4j.api.tunnel.TunnelState;

/**
 * What a server and a client share: the threads that pump packets, each with its own direct buffers allocated
 * once. Subclasses decide per packet where it goes.
 *
 * <p>Where the device can wait for the endpoint's socket too (Linux with native sockets), one thread serves both
 * directions, as socat does: it waits for either, then takes what is waiting on each without blocking. A reply
 * the kernel queues on the device while the thread writes a packet is then read by the same thread, with no
 * other thread to wake; on a virtual machine, each such wake-up and context switch costs more than the packet.
 * Elsewhere one thread pumps device → network and one network → device, each blocking on its side.
 */
abstract class TunnelEngine implements AutoCloseable {

    /** Big enough for any datagram and any packet a device gives, so oversize is seen, never truncated. */
    private static final int BUFFER_BYTES = 64 * 1024;
    private static final long JOIN_MILLIS = 2_000;
    /** How many packets one direction takes in a row before the single thread turns to the other. */
    private static final int BATCH_LIMIT = 64;
    /**
     * Bounds a wait of the single thread, so that an endpoint swapped between taking its descriptor and
     * waiting on it is noticed; a swap closes the old socket, which normally ends the wait at once.
     */
    private static final int AWAIT_MILLIS = 1_000;

    protected final Logger log;
    protected final TunnelSettings settings;
    protected final TunDevice device;
    protected final TunnelCounters counters = new TunnelCounters();
    private final WarningThrottle deviceWarnings;
    private final WarningThrottle networkWarnings;
    private final List<Thread> threads = new ArrayList<>();
    /** The device reader's buffer for {@link #fromDeviceSegments}'s fallback, made when first needed. */
    private ByteBuffer singleSegment;
    protected volatile boolean running;
    /**
     * The one thread serving both directions, if there is one: what it sends waits in {@link #batch} until it
     * turns to the other direction or to waiting. Written by that thread before its first send; another
     * thread reads null or the packets thread, which is never itself, so it sends at once either way.
     */
    private Thread batchingThread;
    private final SendBatch batch = new SendBatch();
    /** Notified when the tunnel stops, so periodic threads (keepalive, sweepers) end at once. */
    private final Object stopSignal = new Object();

    TunnelEngine(TunnelSettings settings, TunDevice device) {
        this.settings = settings;
        this.device = device;
        this.log = System.getLogger(getClass().getName());
        this.deviceWarnings = new WarningThrottle(log);
        this.networkWarnings = new WarningThrottle(log);
    }

    /** The endpoint to receive from now; a client swaps it when it reconnects. */
    protected abstract DatagramEndpoint endpoint();

    /** Handles one packet read from the device, in {@code [0, limit)} of {@code packet}. */
    protected abstract void fromDevice(ByteBuffer packet, IpKey probe);

    /**
     * Handles the wire-sized segments of one TCP super-packet, back to back in {@code [0, limit)}, each
     * {@code segmentSize} long but the last. This fallback hands them to {@link #fromDevice} one by one through a
     * second buffer; engines that can send them as one batch override it.
     */
    protected void fromDeviceSegments(ByteBuffer segments, int segmentSize, IpKey probe) {
        if (singleSegment == null) {
            singleSegment = ByteBuffer.allocateDirect(BUFFER_BYTES);
        }
        for (int start = 0; start < segments.limit(); start += segmentSize) {
            singleSegment.clear();
            singleSegment.put(0, segments, start, Math.min(segmentSize, segments.limit() - start));
            singleSegment.limit(Math.min(segmentSize, segments.limit() - start));
            fromDevice(singleSegment, probe);
        }
    }

    /** Handles one datagram, in {@code [0, limit)} of {@code datagram}. */
    protected abstract void fromNetwork(ByteBuffer datagram, InetSocketAddress sender, IpKey probe);

    void start() {
        running = true;
        if (device.canAwaitWith() && endpoint().readinessDescriptor() >= 0) {
            startThread("packets", this::pumpBoth);
        } else {
            startThread("device-to-network", this::pumpFromDevice);
            startThread("network-to-device", this::pumpFromNetwork);
        }
    }

    protected final void startThread(String role, Runnable loop) {
        Thread thread = new Thread(loop, "gost4j-" + settings.name() + "-" + role);
        thread.setDaemon(true);
        threads.add(thread);
        thread.start();
    }

    private void pumpFromDevice() {
        ByteBuffer buffer = ByteBuffer.allocateDirect(BUFFER_BYTES);
        IpKey probe = new IpKey();
        while (running) {
            buffer.clear();
            int segmentSize;
            try {
                segmentSize = device.readSegments(buffer);
            } catch (ClosedChannelException e) {
                break;
            } catch (IOException e) {
                deviceWarnings.warn("reading device " + device.name() + " failed", e);
                continue;
            }
            handleDeviceRead(buffer, segmentSize, probe);
        }
    }

    /** Counts and dispatches what one device read put into {@code buffer}, which is not flipped yet. */
    private void handleDeviceRead(ByteBuffer buffer, int segmentSize, IpKey probe) {
        buffer.flip();
        int length = buffer.limit();
        counters.packetsFromDevice.add(segmentCount(buffer, segmentSize));
        counters.bytesFromDevice.add(length);
        if (length > segmentSize) {
            fromDeviceSegments(buffer, segmentSize, probe);
        } else {
            fromDevice(buffer, probe);
        }
    }

    private void pumpFromNetwork() {
        ByteBuffer buffer = ByteBuffer.allocateDirect(BUFFER_BYTES);
        IpKey probe = new IpKey();
        while (running) {
            buffer.clear();
            DatagramEndpoint endpoint = endpoint();
            InetSocketAddress sender;
            try {
                sender = endpoint.receive(buffer);
            } catch (ClosedChannelException e) {
                pauseIfNotReplaced(endpoint);
                continue;
            } catch (IOException e) {
                counters.drop(DropReason.RECEIVE_FAILED);
                continue;
            }
            handleDatagram(endpoint, buffer, sender, probe);
        }
    }

    /** Dispatches one received datagram, not flipped yet; flushes the device when the kernel's batch is done. */
    private void handleDatagram(DatagramEndpoint endpoint, ByteBuffer buffer, InetSocketAddress sender, IpKey probe) {
        buffer.flip();
        fromNetwork(buffer, sender, probe);
        if (!endpoint.hasBuffered()) {
            flushDevice(); // the batch taken from the kernel is done: nothing more to coalesce with
        }
    }

    /** After a receive found {@code endpoint} closed: to stop, or to reconnect (the next one is in place). */
    private void pauseIfNotReplaced(DatagramEndpoint endpoint) {
        if (running && endpoint == endpoint()) {
            pause(); // closed under us with no replacement yet: do not spin
        }
    }

    /** Both directions on one thread; see the class comment. Ends when the device is closed or the tunnel stops. */
    private void pumpBoth() {
        ByteBuffer deviceBuffer = ByteBuffer.allocateDirect(BUFFER_BYTES);
        ByteBuffer networkBuffer = ByteBuffer.allocateDirect(BUFFER_BYTES);
        IpKey probe = new IpKey();
        batchingThread = Thread.currentThread();
        try {
            while (running) {
                serveBoth(deviceBuffer, networkBuffer, probe);
            }
        } catch (ClosedChannelException e) {
            // the device is closed: the tunnel stops
        }
    }

    /**
     * One round of {@link #pumpBoth}. A method of its own so the JIT compiles it after some calls: the loop that
     * calls it is entered once and would run interpreted until the JIT replaces it on the stack, which a quiet
     * tunnel (a ping every second) never reaches.
     */
    private void serveBoth(ByteBuffer deviceBuffer, ByteBuffer networkBuffer, IpKey probe)
            throws ClosedChannelException {
        DatagramEndpoint endpoint = endpoint();
        boolean moreFromNetwork = receiveWaiting(endpoint, networkBuffer, probe);
        sendBatch();
        boolean moreFromDevice = readWaiting(deviceBuffer, probe);
        sendBatch();
        if (!moreFromNetwork && !moreFromDevice) {
            // both were found empty; whatever came since makes the wait return at once
            awaitEither(endpoint);
        }
    }

    /**
     * Takes the datagrams waiting on {@code endpoint}, up to {@link #BATCH_LIMIT}.
     *
     * @return false if it found none left, true if more may be waiting (or the endpoint was replaced)
     */
    private boolean receiveWaiting(DatagramEndpoint endpoint, ByteBuffer buffer, IpKey probe) {
        for (int count = 0; count < BATCH_LIMIT; count++) {
            buffer.clear();
            InetSocketAddress sender;
            try {
                sender = endpoint.receiveNow(buffer);
            } catch (ClosedChannelException e) {
                pauseIfNotReplaced(endpoint);
                return true; // not a reason to wait: the next round takes the next endpoint
            } catch (IOException e) {
                counters.drop(DropReason.RECEIVE_FAILED);
                continue;
            }
            if (sender == null) {
                return false;
            }
            handleDatagram(endpoint, buffer, sender, probe);
        }
        return true;
    }

    /**
     * Takes the packets waiting on the device, up to {@link #BATCH_LIMIT} reads.
     *
     * @return false if it found none left, true if more may be waiting
     */
    private boolean readWaiting(ByteBuffer buffer, IpKey probe) throws ClosedChannelException {
        for (int count = 0; count < BATCH_LIMIT; count++) {
            buffer.clear();
            int segmentSize;
            try {
                segmentSize = device.readSegmentsNow(buffer);
            } catch (ClosedChannelException e) {
                throw e;
            } catch (IOException e) {
                deviceWarnings.warn("reading device " + device.name() + " failed", e);
                continue;
            }
            if (segmentSize < 0) {
                return false;
            }
            handleDeviceRead(buffer, segmentSize, probe);
        }
        return true;
    }

    private void awaitEither(DatagramEndpoint endpoint) throws ClosedChannelException {
        try {
            device.awaitReadable(endpoint.readinessDescriptor(), AWAIT_MILLIS);
        } catch (ClosedChannelException e) {
            throw e;
        } catch (IOException e) {
            deviceWarnings.warn("waiting for device " + device.name() + " failed", e);
            pause();
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
        if (datagram.limit() > settings.maxDatagram()) {
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

    protected final void writeToDevice(ByteBuffer packet) {
        int length = packet.remaining();
        try {
            device.write(packet);
            counters.packetsToDevice.increment();
            counters.bytesToDevice.add(length);
        } catch (IOException e) {
            if (running) {
                counters.drop(DropReason.DEVICE_WRITE_FAILED);
                deviceWarnings.warn("writing to device " + device.name() + " failed", e);
            }
        }
    }

    /** Writes what the device kept back to coalesce; see {@link TunDevice#flush}. */
    private void flushDevice() {
        try {
            device.flush();
        } catch (IOException e) {
            if (running) {
                counters.drop(DropReason.DEVICE_WRITE_FAILED);
                deviceWarnings.warn("writing to device " + device.name() + " failed", e);
            }
        }
    }

    /** How many packets the remaining bytes hold as segments of {@code segmentSize} (the last may be shorter). */
    protected static int segmentCount(ByteBuffer segments, int segmentSize) {
        return segmentSize <= 0 ? 1 : (segments.remaining() + segmentSize - 1) / segmentSize; // 0: an empty packet
    }

    /**
     * Sends back-to-back segments as datagrams of {@code segmentSize} bytes (the last may be shorter); one
     * datagram when {@code segmentSize} covers them all. The packets thread batches single datagrams (see
     * {@link SendBatch}) and sends what it batched before anything else, so its datagrams keep their order.
     */
    protected final void send(ByteBuffer segments, int segmentSize, InetSocketAddress target) {
        if (Thread.currentThread() == batchingThread) {
            boolean single = segments.remaining() <= segmentSize;
            if (single && batch.offer(segments, target)) {
                return;
            }
            sendBatch();
            if (single && batch.offer(segments, target)) {
                return;
            }
        }
        sendNow(segments, segmentSize, target);
    }

    /** Sends what the packets thread batched. */
    private void sendBatch() {
        if (!batch.isEmpty()) {
            sendNow(batch.contents(), batch.datagramSize(), batch.target());
            batch.clear();
        }
    }

    private void sendNow(ByteBuffer segments, int segmentSize, InetSocketAddress target) {
        int datagrams = segmentCount(segments, segmentSize); // before the send consumes them
        try {
            if (segments.remaining() <= segmentSize) {
                endpoint().send(segments, target);
            } else {
                endpoint().send(segments, segmentSize, target);
            }
        } catch (IOException e) {
            if (running) {
                counters.drop(DropReason.SEND_FAILED, datagrams);
                networkWarnings.warn("sending to " + target + " failed", e);
            }
        }
    }

    protected final void send(ByteBuffer datagram, InetSocketAddress target) {
        send(datagram, datagram.remaining(), target);
    }

    TunnelCounters counters() {
        return counters;
    }

    /** How the running engine is doing; a client says reconnecting while its server is silent. */
    TunnelState state() {
        return TunnelState.UP;
    }

    abstract String[] peers();

    /** Forgets the peer owning {@code tunnelIp}; only a server has peers to forget. */
    boolean disconnect(IpKey tunnelIp) {
        return false;
    }

    /** Stops the threads and releases the endpoint and the device. */
    @Override
    public void close() {
        running = false;
        synchronized (stopSignal) {
            stopSignal.notifyAll();
        }
        closeEndpoint();
        device.close();
        for (Thread thread : threads) {
            try {
                thread.join(JOIN_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            if (thread.isAlive()) {
                log.log(Logger.Level.WARNING, thread.getName() + " did not stop within " + JOIN_MILLIS + " ms");
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
