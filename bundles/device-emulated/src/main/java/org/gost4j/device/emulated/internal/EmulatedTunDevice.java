package org.gost4j.device.emulated.internal;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

import org.gost4j.api.device.DeviceSpec;
import org.gost4j.api.device.DeviceType;
import org.gost4j.api.device.IpNetwork;
import org.gost4j.api.device.TunDevice;
import org.gost4j.api.io.PacketBatch;
import org.gost4j.device.emulated.EmulatedDevice;
import org.gost4j.support.device.AbstractTunDevice;
import org.gost4j.support.device.OpenDevices;
import org.osgi.framework.ServiceRegistration;

/**
 * One emulated interface: the tunnel's side ({@link TunDevice}) and the kernel's side ({@link EmulatedDevice})
 * over two packet queues. What the tunnel writes goes to {@link #take} unless the emulated kernel answers it; a
 * read takes what is queued, up to a full batch.
 */
final class EmulatedTunDevice extends AbstractTunDevice implements EmulatedDevice {

    /** Packets each direction can hold before it drops, like a kernel's interface queue. */
    static final int QUEUE_CAPACITY = 256;
    /** Room for an Ethernet header and a VLAN tag in front of a TAP frame's payload. */
    private static final int TAP_OVERHEAD = 18;

    private final DeviceType type;
    private final List<IpNetwork> addresses;
    private final List<IpNetwork> routes;
    private final PacketQueue toTunnel;
    private final PacketQueue fromTunnel;
    private final EchoResponder echo;
    /** Reused for every echo reply; guarded by itself. */
    private final ByteBuffer echoReply;
    private final LongAdder drops = new LongAdder();
    /** Its kernel side as a service, unregistered when the device closes. */
    private volatile ServiceRegistration<EmulatedDevice> registration;

    EmulatedTunDevice(String name, DeviceSpec spec, OpenDevices openDevices) {
        super(name, spec.type(), spec.mtu(), openDevices);
        this.type = spec.type();
        int mtu = spec.mtu();
        this.addresses = spec.addresses();
        this.routes = new CopyOnWriteArrayList<>(spec.routes());
        int slot = type == DeviceType.TAP ? mtu + TAP_OVERHEAD : mtu;
        this.toTunnel = new PacketQueue(QUEUE_CAPACITY, slot);
        this.fromTunnel = new PacketQueue(QUEUE_CAPACITY, slot);
        this.echo = new EchoResponder(addresses.stream().filter(a -> !a.isIpv6())
                .mapToInt(a -> ByteBuffer.wrap(a.address().getAddress()).getInt()).toArray());
        this.echoReply = ByteBuffer.allocate(slot);
    }

    void registered(ServiceRegistration<EmulatedDevice> registration) {
        this.registration = registration;
    }

    @Override
    public int batchSize() {
        return QUEUE_CAPACITY;
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
    protected int readPackets(PacketBatch batch, boolean wait) throws IOException {
        return toTunnel.take(batch, wait) ? 1 : 0;
    }

    @Override
    protected void writePacket(PacketBatch batch, int index) {
        ByteBuffer src = batch.buffer().clear().position(batch.offset(index))
                .limit(batch.offset(index) + batch.length(index));
        boolean queued;
        if (type == DeviceType.TUN) {
            synchronized (echoReply) {
                queued = echo.answer(src, echoReply) ? toTunnel.offer(echoReply) : fromTunnel.offer(src);
            }
        } else {
            queued = fromTunnel.offer(src);
        }
        if (!queued) {
            drops.increment(); // like a real interface: the write succeeds even if the packet is dropped behind it
        }
    }

    @Override
    public boolean inject(ByteBuffer packet) {
        boolean queued = toTunnel.offer(packet);
        if (!queued && !isClosed()) {
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
    protected void changeRoute(boolean add, IpNetwork route, InetAddress gateway) throws IOException {
        if (add) {
            if (!routes.contains(route)) {
                routes.add(route);
            }
        } else if (!routes.remove(route)) {
            throw new IOException("delete route " + route + " via " + name() + ": no such route");
        }
    }

    @Override
    public boolean isClosed() {
        return references.isClosed();
    }

    @Override
    protected void wakeBlockedCalls() {
        toTunnel.close();
        fromTunnel.close();
    }

    @Override
    protected void release() {
        // nothing native: the queues go with the object
    }

    @Override
    protected void closed() {
        ServiceRegistration<EmulatedDevice> kernelSide = registration;
        if (kernelSide != null) {
            try {
                kernelSide.unregister();
            } catch (IllegalStateException e) {
                // already gone with the bundle
            }
        }
    }
}
