package org.gost4j.tunnel.internal;

import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
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
 */
final class QueueDevice implements TunDevice {

    private static final byte[] CLOSED = new byte[0];

    final BlockingQueue<byte[]> toEngine = new LinkedBlockingQueue<>();
    final BlockingQueue<byte[]> fromEngine = new LinkedBlockingQueue<>();
    /** Segment size of each batch in {@link #toEngine} that {@link #readSegments} hands out as one read. */
    final BlockingQueue<Integer> segmentSizes = new LinkedBlockingQueue<>();
    final AtomicInteger flushes = new AtomicInteger();

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
