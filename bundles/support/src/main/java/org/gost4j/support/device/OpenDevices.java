package org.gost4j.support.device;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import org.gost4j.api.device.TunDevice;

/**
 * The devices a driver has open: each is tracked once configured and forgotten when it closes, and stopping the
 * driver closes every one still open and refuses new ones, so a stopped driver bundle leaves no interface behind.
 */
public final class OpenDevices {

    private static final System.Logger LOG = System.getLogger(OpenDevices.class.getName());

    private final String driver;
    /** Guarded by itself. */
    private final Set<TunDevice> open = new LinkedHashSet<>();
    private boolean stopped;

    /** @param driver how errors name the driver, e.g. {@code Linux} */
    public OpenDevices(String driver) {
        this.driver = driver;
    }

    /** Tracks an opened device; closes it and throws if the driver has been stopped meanwhile. */
    public void track(TunDevice device) throws IOException {
        synchronized (open) {
            if (!stopped) {
                open.add(device);
                return;
            }
        }
        device.close();
        throw new IOException("the " + driver + " device driver has been stopped");
    }

    /** Called by a device when it closes. */
    public void forget(TunDevice device) {
        synchronized (open) {
            open.remove(device);
        }
    }

    /** Whether an open device has this name. */
    public boolean isOpen(String name) {
        synchronized (open) {
            return open.stream().anyMatch(device -> device.name().equals(name));
        }
    }

    /** For the driver's deactivation: closes every open device and refuses further ones. */
    public void closeAll() {
        List<TunDevice> devices;
        synchronized (open) {
            stopped = true;
            devices = new ArrayList<>(open);
        }
        for (TunDevice device : devices) {
            LOG.log(Level.INFO, "closing {0}: driver stopped", device.name());
            device.close();
        }
    }
}
