package org.gost4j.tunnel.internal;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;

import org.gost4j.api.device.DeviceType;
import org.gost4j.api.device.IpNetwork;
import org.gost4j.api.device.TunDevice;
import org.gost4j.api.io.PacketBatch;
import org.gost4j.api.io.Pollable;

/**
 * An in-memory device for engine tests on plain JUnit: what the engine writes can be taken, what a test
 * injects is read. It has no descriptors: with a {@link FakePoller} the engine serves both directions on one
 * thread anyway. Real devices are exercised by the device-linux tests and the end-to-end tests in itests.
 */
final class QueueDevice implements TunDevice, Pollable {

    private static final byte[] CLOSED = new byte[0];

    final BlockingQueue<byte[]> toEngine = new LinkedBlockingQueue<>();
    final BlockingQueue<byte[]> fromEngine = new LinkedBlockingQueue<>();
    /** Calls of {@link #write}, each a batch. */
    final AtomicInteger writes = new AtomicInteger();
    /**
     * If set, queued to be read in answer to every packet written, during the write: as the kernel answers a TCP
     * segment written to a device with an acknowledgement.
     */
    volatile UnaryOperator<byte[]> answer;
    /** If set, gets "write" per {@link #write} and "read N" per {@link #readNow}, in order. */
    volatile List<String> calls;
    /** Held while a burst is queued, so a reader finds all of it or none. */
    private final Object burstGate = new Object();
    private volatile IOException failure;
    /** Whether {@link #close} was called. */
    volatile boolean closed;

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
    public int batchSize() {
        return 64;
    }

    @Override
    public int read(PacketBatch batch) throws IOException {
        byte[] first;
        try {
            first = toEngine.take();
        } catch (InterruptedException e) {
            throw new ClosedChannelException();
        }
        synchronized (burstGate) {
            append(first, batch);
            return 1 + readNow(batch);
        }
    }

    @Override
    public int readNow(PacketBatch batch) throws IOException {
        checkFailure();
        int added = 0;
        synchronized (burstGate) {
            byte[] packet;
            while (!batch.isFull() && (packet = toEngine.poll()) != null) {
                append(packet, batch);
                added++;
            }
        }
        record("read " + added);
        return added;
    }

    private void record(String call) {
        List<String> log = calls;
        if (log != null) {
            log.add(call);
        }
    }

    private void append(byte[] packet, PacketBatch batch) throws IOException {
        if (packet == CLOSED) {
            toEngine.add(CLOSED);
            throw new ClosedChannelException();
        }
        checkFailure();
        int at = batch.end();
        batch.buffer().put(at, packet);
        batch.add(at, packet.length);
    }

    private void checkFailure() throws IOException {
        if (failure != null) {
            throw failure;
        }
    }

    /** From now on reads fail with {@code cause}, as a device whose interface was deleted; wakes a reader. */
    void fail(IOException cause) {
        failure = cause;
        toEngine.add(new byte[] {0});
    }

    @Override
    public int[] acquireDescriptors() {
        return new int[0];
    }

    @Override
    public void releaseDescriptors() {
        // nothing held
    }

    /** Queues packets so that the engine finds them all waiting at once. */
    void injectBurst(byte[]... packets) {
        synchronized (burstGate) {
            toEngine.addAll(List.of(packets));
        }
    }

    @Override
    public void write(PacketBatch batch) {
        writes.incrementAndGet();
        record("write");
        UnaryOperator<byte[]> answering = answer;
        for (int i = 0; i < batch.size(); i++) {
            byte[] packet = new byte[batch.length(i)];
            batch.buffer().get(batch.offset(i), packet);
            fromEngine.add(packet);
            if (answering != null) {
                toEngine.add(answering.apply(packet));
            }
        }
    }

    @Override
    public void addRoute(IpNetwork route) {
        // routes have no meaning for an in-memory device
    }

    @Override
    public void addRoute(IpNetwork route, InetAddress gateway) {
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
        closed = true;
        toEngine.add(CLOSED);
    }

    /** A device that is its own engine's only one: opening another (after a failure) gives this one. */
    TunnelDevice asTunnelDevice() throws IOException {
        return TunnelDevice.open(name -> this, "");
    }
}
