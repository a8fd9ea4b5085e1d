package org.gost4j.device.darwin.internal;

import java.io.IOException;

import org.gost4j.api.device.DeviceDriver;
import org.gost4j.api.device.DeviceSpec;
import org.gost4j.api.device.DeviceType;
import org.gost4j.api.device.TunDevice;
import org.gost4j.support.device.OpenDevices;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;

/**
 * The macOS {@link DeviceDriver}: TUN through utun. macOS has no TAP devices, so TAP is refused. Closes every
 * device it created that is still open when the component is deactivated.
 */
@Component(service = DeviceDriver.class, immediate = true, property = DeviceDriver.DRIVER_PROPERTY + "=darwin")
public final class DarwinDeviceDriver implements DeviceDriver {

    private static final System.Logger LOG = System.getLogger(DarwinDeviceDriver.class.getName());

    private final DarwinNative os;
    private final OpenDevices open = new OpenDevices("macOS");

    public DarwinDeviceDriver() {
        this(new JnaDarwinNative());
    }

    DarwinDeviceDriver(DarwinNative os) {
        this.os = os;
    }

    @Override
    public TunDevice open(DeviceSpec spec) throws IOException {
        if (spec.type() == DeviceType.TAP) {
            throw new IOException("macOS has no TAP devices (only utun, a TUN device); use a tun:// service");
        }
        UtunSocket.Opened utun = UtunSocket.open(os, spec.name());
        int[] wakePipe;
        try {
            wakePipe = os.pipe();
        } catch (ErrnoException e) {
            UtunSocket.closeQuietly(os, utun.fd());
            throw new IOException("create wake-up pipe for " + utun.name() + ": " + e.getMessage(), e);
        }
        DarwinTunDevice device = new DarwinTunDevice(os, utun.fd(), wakePipe, utun.name(), spec.mtu(), open);
        try {
            DarwinConfigurator.configure(os, utun.name(), spec);
            open.track(device);
        } catch (IOException | RuntimeException e) {
            device.close();
            throw e;
        }
        LOG.log(System.Logger.Level.INFO, "opened TUN {0}, mtu {1}, addresses {2}, peer {3}, routes {4}",
                utun.name(), Integer.toString(spec.mtu()), spec.addresses(),
                spec.peer() == null ? "-" : spec.peer().getHostAddress(), spec.routes());
        return device;
    }

    @Deactivate
    void deactivate() {
        open.closeAll();
    }
}
