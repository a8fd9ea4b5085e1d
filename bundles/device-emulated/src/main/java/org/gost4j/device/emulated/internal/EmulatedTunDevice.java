package org.gost4j.device.emulated.internal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;

import org.gost4j.api.device.DeviceSpec;
import org.gost4j.api.device.DeviceType;
import org.gost4j.api.device.IpNetwork;
import org.gost4j.api.device.TunDevice;
import org.gost4j.device.emulated.EmulatedDevice;

/**
 * One emulated interface: the tunnel's side ({@link TunDevice}) and the kernel's side ({@link EmulatedDevice})
 * over two packet queues. What the tunnel writes goes to {@link #take} unless the emulated kernel answers it.
 */
final class EmulatedTunDevice implements TunDevice, EmulatedDevice {

    /** Packets each direction can hold before it drops, like a kernel's interface queue. */
    static final int QUEUE_CAPACITY = 256;
    /** Room for an Ethernet header and a VLAN tag in front of a TAP frame's payload. */
    private static final int TAP_OVERHEAD = 18;

    private final String name;
    private final DeviceType type;
    private final int mtu;
    private final List<IpNetwork> addresses;
    private final List<IpNetwork> routes;
    private final PacketQueue toTunnel;
    private final PacketQueue fromTunnel;
    private final EchoResponder echo;
    /** Reused for every echo reply; guarded by itself. */
    private final ByteBuffer echoReply;
    private final LongAdder drops = new LongAdder();
    private final AtomicBoolean closed = new AtomicBoolean();
    private final Consumer<EmulatedTunDevice> onClosed;

    EmulatedTunDevice(String name, DeviceSpec spec, Consumer<EmulatedTunDevice> onClosed) {
        this.name = name;
        this.type = spec.type();
        this.mtu = spec.mtu();
        this.addresses = spec.addresses();
        this.routes = new CopyOnWriteArrayList<>(spec.routes());
        int slot = type == DeviceType.TAP ? mtu + TAP_OVERHEAD : mtu;
        this.toTunnel = new PacketQueue(QUEUE_CAPACITY, slot);
        this.fromTunnel = new PacketQueue(QUEUE_CAPACITY, slot);
        this.echo = new EchoResponder(addresses.stream().filter(a -> !a.isIpv6())
                .mapToInt(a -> ByteBuffer.wrap(a.address().getAddress()).getInt()).toArray());
        this.echoReply = ByteBuffer.allocate(slot);
        this.onClosed = onClosed;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public DeviceType type() {
        return type;
    }

    @Override
    public int mtu() {
        return mtu;
    }

    @Override
    public List<IpNetwork> addresses() {
        return addresses;
    }

    @Override
    public List<IpNetwork> routes() {
        return List.copyOf(routes);
    }

    @Override
    public int read(ByteBuffer dst) throws IOException {
        return toTunnel.take(dst);
    }

    @Override
    public void write(ByteBuffer src) throws IOException {
        if (closed.get()) {
            throw new ClosedChannelException();
        }
        boolean queued;
        if (type == DeviceType.TUN) {
            synchronized (echoReply) {
                queued = echo.answer(src, echoReply) ? toTunnel.offer(echoReply) : fromTunnel.offer(src);
            }
        } else {
            queued = fromTunnel.offer(src);
        }
        if (!queued) {
            drops.increment();
        }
        // Like a real interface: the write succeeds even if the packet is dropped behind it.
        src.position(src.limit());
    }

    @Override
    public boolean inject(ByteBuffer packet) {
        boolean queued = toTunnel.offer(packet);
        if (!queued && !closed.get()) {
            drops.increment();
        }
        return queued;
    }

    @Override
    public ByteBuffer take(long timeout, TimeUnit unit) throws InterruptedException {
        return fromTunnel.poll(timeout, unit);
    }

    @Override
    public long drops() {
        return drops.sum();
    }

    @Override
    public void addRoute(IpNetwork route) throws IOException {
        ensureOpen();
        if (!routes.contains(route)) {
            routes.add(route);
        }
    }

    @Override
    public void removeRoute(IpNetwork route) throws IOException {
        ensureOpen();
        if (!routes.remove(route)) {
            throw new IOException("delete route " + route + " via " + name + ": no such route");
        }
    }

    @Override
    public boolean isClosed() {
        return closed.get();
    }

    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            toTunnel.close();
            fromTunnel.close();
            onClosed.accept(this);
        }
    }

    private void ensureOpen() throws ClosedChannelException {
        if (closed.get()) {
            throw new ClosedChannelException();
        }
    }

    @Override
    public String toString() {
        return "EmulatedTunDevice[" + name + ", " + type + ", mtu " + mtu + "]";
    }
}
