package org.gost4j.device.emulated.internal;

import java.io.IOException;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.Locale;

import org.gost4j.api.device.DeviceDriver;
import org.gost4j.api.device.DeviceSpec;
import org.gost4j.api.device.TunDevice;
import org.gost4j.device.emulated.EmulatedDevice;
import org.gost4j.support.device.OpenDevices;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;

/**
 * The emulated {@link DeviceDriver} ({@code driver=emulated}): devices live in memory, on any OS, without
 * privileges. Each open device is also registered as an {@link EmulatedDevice} service, its kernel side.
 * The ranking below the OS drivers keeps a tunnel without a {@code driver.target} on the real driver.
 */
@Component(service = DeviceDriver.class, immediate = true,
        property = {DeviceDriver.DRIVER_PROPERTY + "=emulated", "service.ranking:Integer=-100"})
public final class EmulatedDeviceDriver implements DeviceDriver {

    private static final System.Logger LOG = System.getLogger(EmulatedDeviceDriver.class.getName());
    private static final int MAX_NAME = 15;

    private final BundleContext context;
    private final OpenDevices open = new OpenDevices("emulated");
    /** Guarded by {@code this}, as is choosing a free name and tracking the device under it. */
    private int nextIndex;

    @Activate
    public EmulatedDeviceDriver(BundleContext context) {
        this.context = context;
    }

    @Override
    public TunDevice open(DeviceSpec spec) throws IOException {
        if (spec.mtu() < 68 || spec.mtu() > 65535) {
            throw new IOException("mtu " + spec.mtu() + " out of range 68..65535");
        }
        if (spec.name().length() > MAX_NAME) {
            throw new IOException("interface name '" + spec.name() + "' is longer than " + MAX_NAME + " characters");
        }
        EmulatedTunDevice device;
        synchronized (this) {
            String name = spec.name().isEmpty() ? freeName() : spec.name();
            if (open.isOpen(name)) {
                throw new IOException("cannot create " + spec.type() + " interface '" + name + "': name in use");
            }
            device = new EmulatedTunDevice(name, spec, open);
            open.track(device);
        }
        Dictionary<String, Object> props = new Hashtable<>();
        props.put(EmulatedDevice.DEVICE_NAME_PROPERTY, device.name());
        props.put("type", spec.type().name().toLowerCase(Locale.ROOT));
        device.registered(context.registerService(EmulatedDevice.class, device, props));
        LOG.log(System.Logger.Level.INFO, "opened emulated {0} {1}, mtu {2}, addresses {3}, routes {4}",
                spec.type(), device.name(), Integer.toString(spec.mtu()), spec.addresses(), spec.routes());
        return device;
    }

    private String freeName() {
        while (open.isOpen("emu" + nextIndex)) {
            nextIndex++;
        }
        return "emu" + nextIndex++;
    }

    @Deactivate
    void deactivate() {
        open.closeAll();
    }
}
