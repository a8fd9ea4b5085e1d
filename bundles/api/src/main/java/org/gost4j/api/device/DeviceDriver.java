package org.gost4j.api.device;

import java.io.IOException;
import java.time.Duration;

import org.osgi.annotation.versioning.ProviderType;

/** Creates virtual interfaces on this operating system. Registered once per OS-specific driver bundle. */
@ProviderType
public interface DeviceDriver {

    /** Service property naming the driver ({@code linux}, {@code darwin}, {@code windows}, {@code emulated}). */
    String DRIVER_PROPERTY = "driver";

    /** Creates, configures and brings up a device; closing the returned device removes it. */
    TunDevice open(DeviceSpec spec) throws IOException;

    /**
     * Takes back an open device of this driver and keeps it as it is (interface, addresses, routes, queued packets)
     * for at most {@code linger}: the next {@link #open} of an equal spec gets this device back instead of a new
     * one; unclaimed, it is closed after the linger, and when the driver stops. A tunnel hands its device over to
     * its next instance this way when its own bundle is updated. This default closes the device at once.
     *
     * @since 2.1
     */
    default void park(TunDevice device, DeviceSpec spec, Duration linger) {
        device.close();
    }
}
