package org.gost4j.api.device;

import java.io.IOException;

import org.osgi.annotation.versioning.ProviderType;

/** Creates virtual interfaces on this operating system. Registered once per OS-specific driver bundle. */
@ProviderType
public interface DeviceDriver {

    /** Service property naming the driver ({@code linux}, {@code darwin}, {@code windows}, {@code emulated}). */
    String DRIVER_PROPERTY = "driver";

    /** Creates, configures and brings up a device; closing the returned device removes it. */
    TunDevice open(DeviceSpec spec) throws IOException;
}
