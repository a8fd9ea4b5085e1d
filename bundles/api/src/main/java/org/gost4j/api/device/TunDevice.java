package org.gost4j.api.device;

import java.io.Closeable;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.ByteBuffer;

/**
 * An open TUN or TAP interface. One thread may read while another writes. Reads and writes move exactly one
 * packet (TUN) or frame (TAP) without any header.
 */
public interface TunDevice extends Closeable {

    /** The interface name the kernel gave the device. */
    String name();

    DeviceType type();

    int mtu();

    /**
     * Blocks until a packet arrives and puts it into {@code dst} from its position, advancing the position.
     *
     * @return the packet length
     * @throws java.nio.channels.ClosedChannelException once the device is closed, also to a blocked reader
     */
    int read(ByteBuffer dst) throws IOException;

    /** Writes the remaining bytes of {@code src} as one packet, advancing its position. */
    void write(ByteBuffer src) throws IOException;

    /** Routes {@code route} through this device (e.g. a router's network learned at run time). */
    void addRoute(IpNetwork route) throws IOException;

    /**
     * Routes {@code route} via the next hop {@code gateway} on this device's link (a TAP peer), as
     * {@code ip route add ROUTE via GATEWAY dev DEVICE} does.
     *
     * @throws UnsupportedOperationException where the driver has no such routes
     */
    default void addRoute(IpNetwork route, InetAddress gateway) throws IOException {
        throw new UnsupportedOperationException("routes via a gateway are not supported by this device");
    }

    void removeRoute(IpNetwork route) throws IOException;

    /** Removes the device and wakes a blocked reader. Idempotent. */
    @Override
    void close();
}
