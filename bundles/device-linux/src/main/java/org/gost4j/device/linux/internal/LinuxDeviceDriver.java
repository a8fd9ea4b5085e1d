package org.gost4j.device.linux.internal;

import java.io.IOException;
import java.time.Duration;

import org.gost4j.api.device.DeviceDriver;
import org.gost4j.api.device.DeviceSpec;
import org.gost4j.api.device.TunDevice;
import org.gost4j.support.device.OpenDevices;
import org.gost4j.support.io.ParkingLot;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;

/**
 * The Linux {@link DeviceDriver}. Creates devices in the network namespace of the calling thread, and closes
 * every device it created that is still open when the component is deactivated.
 */
@Component(service = DeviceDriver.class, immediate = true, property = DeviceDriver.DRIVER_PROPERTY + "=linux")
public final class LinuxDeviceDriver implements DeviceDriver {

    private static final System.Logger LOG = System.getLogger(LinuxDeviceDriver.class.getName());

    private final OpenDevices open = new OpenDevices("Linux");
    /** Devices a tunnel handed back for its next instance, by the spec they were opened with. */
    private final ParkingLot<DeviceSpec, TunDevice> parked = new ParkingLot<>("linux-devices", TunDevice::close);
    private final TunSyscalls syscalls;

    public LinuxDeviceDriver() {
        this(TunSyscalls.best());
    }

    /** With the kernel calls through {@code syscalls}: tests run the devices through JNA too. */
    LinuxDeviceDriver(TunSyscalls syscalls) {
        this.syscalls = syscalls;
    }

    @Override
    public TunDevice open(DeviceSpec spec) throws IOException {
        if (syscalls.pointerSize() != 8) {
            throw new IOException("the Linux device driver supports 64-bit JVMs only");
        }
        TunDevice kept = parked.take(spec);
        if (kept != null) {
            LOG.log(System.Logger.Level.INFO, "{0} {1} taken back from parking", spec.type(), kept.name());
            return kept;
        }
        TunFile.Attached tun = TunFile.open(syscalls, spec.name(), spec.type(), spec.offload());
        long eventFd = syscalls.eventfd(0, LibC.EFD_NONBLOCK | LibC.EFD_CLOEXEC);
        if (eventFd < 0) {
            TunFile.closeQuietly(syscalls, tun.fd());
            throw Errno.exception(syscalls, "create eventfd for " + tun.name(), (int) -eventFd);
        }
        LinuxTunDevice device = new LinuxTunDevice(tun.fd(), (int) eventFd, tun.name(), spec.type(), spec.mtu(),
                tun.offload(), open, syscalls);
        try {
            InterfaceConfigurator.configure(syscalls, tun.name(), spec);
            open.track(device);
        } catch (IOException | RuntimeException e) {
            device.close();
            throw e;
        }
        LOG.log(System.Logger.Level.INFO, "opened {0} {1}, mtu {2}, addresses {3}, routes {4}, offloads {5}, calls {6}",
                spec.type(), tun.name(), Integer.toString(spec.mtu()), spec.addresses(), spec.routes(),
                tun.offload() ? "on" : "off", syscalls == JniTunSyscalls.INSTANCE ? "through JNI"
                        : "through JNA (" + JniTunSyscalls.loadFailure() + ")");
        return device;
    }

    /** Keeps a device of ours as it is for the next open of the same spec (a tunnel bundle's update). */
    @Override
    public void park(TunDevice device, DeviceSpec spec, Duration linger) {
        if (!(device instanceof LinuxTunDevice) || !open.isOpen(device.name())) {
            device.close(); // not ours, or closed already
            return;
        }
        parked.park(spec, device, linger);
    }

    @Deactivate
    void deactivate() {
        parked.closeAll();
        open.closeAll();
    }
}
