package org.gost4j.device.emulated;

import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.gost4j.api.device.IpNetwork;

/**
 * The "kernel side" of an open emulated device. {@link #inject} plays the operating system sending a packet
 * into the interface (the tunnel reads it from the device); {@link #take} receives what the tunnel wrote to
 * the device. ICMPv4 echo requests written to the device for one of its own addresses are answered, as a
 * kernel would, and not handed to {@link #take}.
 */
public interface EmulatedDevice {

    /** Service property holding the device's interface name. */
    String DEVICE_NAME_PROPERTY = "device.name";

    String name();

    int mtu();

    /** The interface addresses the device was opened with. */
    List<IpNetwork> addresses();

    /** The routes through the device now: those it was opened with, plus added, minus removed ones. */
    List<IpNetwork> routes();

    /**
     * Queues the remaining bytes of {@code packet} for the tunnel to read, without moving its position.
     *
     * @return false if the packet was dropped: device closed, queue full, or longer than the MTU
     */
    boolean inject(ByteBuffer packet);

    /**
     * Waits for the next packet the tunnel wrote to the device.
     *
     * @return a new buffer holding the packet, or null if none arrived in time or the device is closed
     */
    ByteBuffer take(long timeout, TimeUnit unit) throws InterruptedException;

    /** Packets dropped because a queue was full or a packet exceeded the MTU, both directions. */
    long drops();

    boolean isClosed();
}
