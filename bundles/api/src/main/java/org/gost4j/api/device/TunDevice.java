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

    /**
     * Reads like {@link #read}, but may put several packets back to back into {@code dst}: the wire-sized
     * segments of one TCP super-packet the kernel handed over, so they share addresses and ports. Every segment
     * is as long as the returned size except the last, which may be shorter. A caller sends them on as a batch
     * (e.g. one UDP GSO send) and routes them all by the first one's header.
     *
     * @return the segment size; the position advanced by the total length (equal to it for a single packet)
     */
    default int readSegments(ByteBuffer dst) throws IOException {
        return read(dst);
    }

    /**
     * Whether {@link #awaitReadable} and {@link #readSegmentsNow} work, so that one thread can serve both
     * directions of a tunnel: it waits for the device and the transport's socket together and finds the reply to
     * a packet it just wrote without waking another thread.
     */
    default boolean canAwaitWith() {
        return false;
    }

    /**
     * Blocks until a packet is waiting on this device, {@code descriptor} (an OS file descriptor, e.g. a
     * socket's) is readable or hung up, {@code timeoutMillis} have passed, or the device is closed.
     */
    default void awaitReadable(int descriptor, int timeoutMillis) throws IOException {
        throw new UnsupportedOperationException("this device cannot wait for another descriptor");
    }

    /**
     * Reads like {@link #readSegments} if a packet is waiting; returns -1 at once, position unchanged, if not.
     *
     * @throws java.nio.channels.ClosedChannelException once the device is closed
     */
    default int readSegmentsNow(ByteBuffer dst) throws IOException {
        throw new UnsupportedOperationException("this device cannot read without blocking");
    }

    /**
     * Writes the remaining bytes of {@code src} as one packet, advancing its position. A driver may keep a copy
     * of the packet to coalesce it with the next ones (e.g. TCP segments of one flow into one super-packet);
     * {@link #flush} writes what it kept.
     */
    void write(ByteBuffer src) throws IOException;

    /**
     * Writes whatever {@link #write} kept back. Callers flush when no further packet is at hand, so a packet is
     * never held while the writer waits for the next one.
     */
    default void flush() throws IOException {
    }

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
