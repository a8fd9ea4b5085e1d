package org.gost4j.device.emulated.internal;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Dictionary;
import java.util.HashMap;
import java.util.Hashtable;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.gost4j.api.device.DeviceDriver;
import org.gost4j.api.device.DeviceSpec;
import org.gost4j.api.device.TunDevice;
import org.gost4j.device.emulated.EmulatedDevice;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
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
    /** Open devices by name, with their kernel-side service registration; guarded by itself. */
    private final Map<String, Registered> open = new HashMap<>();
    private boolean deactivated;
    private int nextIndex;

    private record Registered(EmulatedTunDevice device, ServiceRegistration<EmulatedDevice> registration) {
    }

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
        synchronized (open) {
            if (deactivated) {
                throw new IOException("the emulated device driver has been stopped");
            }
            String name = spec.name().isEmpty() ? freeName() : spec.name();
            if (open.containsKey(name)) {
                throw new IOException("cannot create " + spec.type() + " interface '" + name + "': name in use");
            }
            device = new EmulatedTunDevice(name, spec, this::forget);
            Dictionary<String, Object> props = new Hashtable<>();
            props.put(EmulatedDevice.DEVICE_NAME_PROPERTY, name);
            props.put("type", spec.type().name().toLowerCase(Locale.ROOT));
            open.put(name, new Registered(device, context.registerService(EmulatedDevice.class, device, props)));
        }
        LOG.log(System.Logger.Level.INFO, "opened emulated {0} {1}, mtu {2}, addresses {3}, routes {4}",
                spec.type(), device.name(), Integer.toString(spec.mtu()), spec.addresses(), spec.routes());
        return device;
    }

    private String freeName() {
        while (open.containsKey("emu" + nextIndex)) {
            nextIndex++;
        }
        return "emu" + nextIndex++;
    }

    private void forget(EmulatedTunDevice device) {
        Registered registered;
        synchronized (open) {
            registered = open.remove(device.name());
        }
        if (registered != null) {
            try {
                registered.registration().unregister();
            } catch (IllegalStateException e) {
                // already gone with the bundle
            }
        }
    }

    @Deactivate
    void deactivate() {
        List<EmulatedTunDevice> devices = new ArrayList<>();
        synchronized (open) {
            deactivated = true;
            open.values().forEach(r -> devices.add(r.device()));
        }
        for (EmulatedTunDevice device : devices) {
            LOG.log(System.Logger.Level.INFO, "closing emulated {0}: driver stopped", device.name());
            device.close();
        }
    }
}
