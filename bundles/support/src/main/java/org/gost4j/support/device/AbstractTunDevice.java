package org.gost4j.support.device;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.channels.ClosedChannelException;

import org.gost4j.api.device.DeviceType;
import org.gost4j.api.device.IpNetwork;
import org.gost4j.api.device.TunDevice;
import org.gost4j.api.io.PacketBatch;
import org.gost4j.support.io.DescriptorReferences;

/**
 * What every driver's device shares: its name, type and MTU; the reference count that keeps its native
 * resources until the last call using them returns ({@link DescriptorReferences}); its place among the driver's
 * {@link OpenDevices}; the batch loops of {@link #read} and {@link #write}. A driver supplies one system read
 * ({@link #readPackets}), one packet write ({@link #writePacket}), route changes, and how to wake blocked calls
 * and release what it holds.
 */
public abstract class AbstractTunDevice implements TunDevice {

    private final String name;
    private final DeviceType type;
    private final int mtu;
    private final OpenDevices openDevices;
    /** One reference for the open device plus one per call in progress; the last one out releases. */
    protected final DescriptorReferences references = new DescriptorReferences(this::release);

    protected AbstractTunDevice(String name, DeviceType type, int mtu, OpenDevices openDevices) {
        this.name = name;
        this.type = type;
        this.mtu = mtu;
        this.openDevices = openDevices;
    }

    @Override
    public final String name() {
        return name;
    }

    @Override
    public final DeviceType type() {
        return type;
    }

    @Override
    public final int mtu() {
        return mtu;
    }

    @Override
    public final int read(PacketBatch batch) throws IOException {
        references.acquire();
        try {
            return readBatch(batch, true);
        } finally {
            references.release();
        }
    }

    /** For devices a poller can watch: {@link #read}, but 0 instead of waiting. */
    protected final int readWithoutWaiting(PacketBatch batch) throws IOException {
        references.acquire();
        try {
            return readBatch(batch, false);
        } finally {
            references.release();
        }
    }

    private int readBatch(PacketBatch batch, boolean wait) throws IOException {
        int added = 0;
        while (!batch.isFull()) {
            int read = readPackets(batch, wait && added == 0);
            if (read == 0) {
                break;
            }
            added += read;
        }
        return added;
    }

    /**
     * One read from the system: appends what it gave (a packet, or the segments of a super-packet that fit),
     * blocking for it if {@code wait}. Called with a reference held and the batch not full.
     *
     * @return the packets appended; 0 only without {@code wait}, when nothing was waiting
     */
    protected abstract int readPackets(PacketBatch batch, boolean wait) throws IOException;

    /** Writes every packet; a packet that cannot be written ends the call with its exception. */
    @Override
    public final void write(PacketBatch batch) throws IOException {
        references.acquire();
        try {
            for (int i = 0; i < batch.size(); i++) {
                writePacket(batch, i);
            }
            endWrite();
        } finally {
            references.release();
        }
    }

    /** Writes (or keeps, to join with the next ones) packet {@code index}; called with a reference held. */
    protected abstract void writePacket(PacketBatch batch, int index) throws IOException;

    /** At the end of {@link #write}: writes whatever {@link #writePacket} kept. */
    protected void endWrite() throws IOException {
    }

    @Override
    public final void addRoute(IpNetwork route) throws IOException {
        addRoute(route, null);
    }

    /** @param gateway the next hop, or null for a route on the link */
    @Override
    public final void addRoute(IpNetwork route, InetAddress gateway) throws IOException {
        references.ensureOpen();
        changeRoute(true, route, gateway);
    }

    @Override
    public final void removeRoute(IpNetwork route) throws IOException {
        references.ensureOpen();
        changeRoute(false, route, null);
    }

    /** Adds ({@code add}) or removes a route on the interface, via {@code gateway} unless it is null. */
    protected abstract void changeRoute(boolean add, IpNetwork route, InetAddress gateway) throws IOException;

    @Override
    public final void close() {
        if (references.close(this::wakeBlockedCalls)) {
            openDevices.forget(this);
            closed();
        }
    }

    /** Throws once the device is closed. */
    protected final void ensureOpen() throws ClosedChannelException {
        references.ensureOpen();
    }

    /** Makes every blocked read or write return, now and later (the device is closed). */
    protected abstract void wakeBlockedCalls();

    /** Releases the native resources; runs once, when the last call using them has returned. */
    protected abstract void release();

    /** After {@link #close} has woken the calls; for a final log line or unregistering a service. */
    protected void closed() {
    }

    @Override
    public String toString() {
        return getClass().getSimpleName() + "[" + name + ", " + type + ", mtu " + mtu + "]";
    }
}
