package org.gost4j.api.device;

import java.io.Closeable;
import java.io.IOException;
import java.net.InetAddress;

import org.gost4j.api.io.PacketBatch;
import org.osgi.annotation.versioning.ProviderType;

/**
 * An open TUN or TAP interface, moving packets (TUN) or frames (TAP) without any header in explicit batches, as
 * wireguard-go's {@code tun.Device} does: the caller hands over a {@link PacketBatch}, and every driver supports
 * it (a batch of one where the system gives no more). One thread may read while another writes.
 */
@ProviderType
public interface TunDevice extends Closeable {

    /** The interface name the kernel gave the device. */
    String name();

    DeviceType type();

    int mtu();

    /** The most packets worth handing over in one read or write: 1 where the system moves one at a time. */
    int batchSize();

    /**
     * Blocks until a packet arrives, then appends it and whatever else is waiting to {@code batch}, by the rules
     * of {@link PacketBatch}. A TCP super-packet the kernel handed over arrives as its wire-sized segments.
     *
     * @return the number of packets appended, at least 1
     * @throws java.nio.channels.ClosedChannelException once the device is closed, also to a blocked reader
     */
    int read(PacketBatch batch) throws IOException;

    /**
     * Writes every packet of {@code batch}, in order. A driver may join packets of the batch (TCP segments of one
     * flow into one super-packet), but keeps nothing back once it returns.
     */
    void write(PacketBatch batch) throws IOException;

    /** Routes {@code route} through this device (e.g. a router's network learned at run time). */
    void addRoute(IpNetwork route) throws IOException;

    /**
     * Routes {@code route} via the next hop {@code gateway} on this device's link (a TAP peer), as
     * {@code ip route add ROUTE via GATEWAY dev DEVICE} does.
     */
    void addRoute(IpNetwork route, InetAddress gateway) throws IOException;

    void removeRoute(IpNetwork route) throws IOException;

    /** Removes the device and wakes a blocked reader. Idempotent. */
    @Override
    void close();
}
