package org.gost4j.tunnel.internal;

import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.gost4j.api.device.DeviceType;
import org.gost4j.api.device.IpNetwork;
import org.gost4j.api.device.TunDevice;

/**
 * An in-memory device for engine tests on plain JUnit: what the engine writes can be taken, what a test
 * injects is read. Real devices are exercised by the device-linux tests and the end-to-end tests in itests.
 *
 * <p>{@link #awaitingWith} makes one that lets the engine serve both directions on one thread. It has no OS
 * descriptor to poll together with the socket's, so {@link #awaitReadable} waits for its own queue only, at most
 * {@link #AWAIT_MILLIS}; the engine then looks at the socket again. The real wait is the Linux device's, tested in
 * device-linux and end to end.
 */
final class QueueDevice implements TunDevice {

    private static final byte[] CLOSED = new byte[0];
    private static final long AWAIT_MILLIS = 1;

    private final boolean awaiting;
    /** What {@link #awaitReadable} took from the queue, for the next read; engine thread only. */
    private byte[] awaited;

    final BlockingQueue<byte[]> toEngine = new LinkedBlockingQueue<>();
    final BlockingQueue<byte[]> fromEngine = new LinkedBlockingQueue<>();
    /** Segment size of each batch in {@link #toEngine} that {@link #readSegments} hands out as one read. */
    final BlockingQueue<Integer> segmentSizes = new LinkedBlockingQueue<>();
    final AtomicInteger flushes = new AtomicInteger();
    /** Held while a burst is queued, so a non-blocking reader finds all of it or none. */
    private final Object burstGate = new Object();

    QueueDevice() {
        this(false);
    }

    private QueueDevice(boolean awaiting) {
        this.awaiting = awaiting;
    }

    /** A device on which the engine waits for it and its socket together; see the class comment. */
    static QueueDevice awaitingWith() {
        return new QueueDevice(true);
    }

    @Override
    public String name() {
        return "queue0";
    }

    @Override
    public DeviceType type() {
        return DeviceType.TUN;
    }

    @Override
    public int mtu() {
        return 1350;
    }

    @Override
    public int read(ByteBuffer dst) throws ClosedChannelException {
        try {
            byte[] packet = toEngine.take();
            if (packet == CLOSED) {
                toEngine.add(CLOSED);
                throw new ClosedChannelException();
            }
            dst.put(packet);
            return packet.length;
        } catch (InterruptedException e) {
            throw new ClosedChannelException();
        }
    }

    /** Queues packets so that an engine waiting with {@link #awaitingWith} finds them all waiting at once. */
    void injectBurst(byte[]... packets) {
        synchronized (burstGate) {
            toEngine.addAll(List.of(packets));
        }
    }

    /** Queues {@code segments}, back to back, to be read by one {@link #readSegments} call. */
    void injectSegments(byte[] segments, int segmentSize) {
        segmentSizes.add(segmentSize);
        toEngine.add(segments);
    }

    @Override
    public int readSegments(ByteBuffer dst) throws ClosedChannelException {
        int length = read(dst);
        Integer segmentSize = segmentSizes.poll();
        return segmentSize == null ? length : segmentSize;
    }

    @Override
    public boolean canAwaitWith() {
        return awaiting;
    }

    @Override
    public void awaitReadable(int descriptor, int timeoutMillis) {
        synchronized (burstGate) {
            awaitQueue(timeoutMillis);
        }
    }

    private void awaitQueue(int timeoutMillis) {
        if (awaited == null) {
            try {
                awaited = toEngine.poll(Math.min(timeoutMillis, AWAIT_MILLIS), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public int readSegmentsNow(ByteBuffer dst) throws ClosedChannelException {
        byte[] packet;
        synchronized (burstGate) {
            packet = awaited != null ? awaited : toEngine.poll();
        }
        awaited = null;
        if (packet == null) {
            return -1;
        }
        if (packet == CLOSED) {
            toEngine.add(CLOSED);
            throw new ClosedChannelException();
        }
        dst.put(packet);
        Integer segmentSize = segmentSizes.poll();
        return segmentSize == null ? packet.length : segmentSize;
    }

    @Override
    public void flush() {
        flushes.incrementAndGet();
    }

    @Override
    public void write(ByteBuffer src) {
        byte[] packet = new byte[src.remaining()];
        src.get(packet);
        fromEngine.add(packet);
    }

    @Override
    public void addRoute(IpNetwork route) {
        // routes have no meaning for an in-memory device
    }

    @Override
    public void removeRoute(IpNetwork route) {
        // routes have no meaning for an in-memory device
    }

    byte[] written() throws InterruptedException {
        return fromEngine.poll(2, TimeUnit.SECONDS);
    }

    @Override
    public void close() {
        toEngine.add(CLOSED);
    }
}
