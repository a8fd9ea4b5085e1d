package org.gost4j.device.windows.internal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.function.Supplier;

import org.gost4j.api.device.DeviceDriver;
import org.gost4j.api.device.DeviceSpec;
import org.gost4j.api.device.DeviceType;
import org.gost4j.api.device.TunDevice;
import org.gost4j.support.device.OpenDevices;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;

/**
 * The Windows {@link DeviceDriver}: TUN through wintun, TAP through tap-windows6, both configured through the
 * IP Helper API. wintun.dll is loaded on the first TUN open, so a missing DLL fails that open with a message
 * saying where to put it, and TAP-only use needs no wintun at all.
 */
@Component(service = DeviceDriver.class, immediate = true, property = DeviceDriver.DRIVER_PROPERTY + "=windows")
public final class WindowsDeviceDriver implements DeviceDriver {

    /** Tunnel type shown by Windows for our adapters. */
    static final String TUNNEL_TYPE = "gost4j";
    static final String DEFAULT_NAME = "gost4j";
    /** wintun's ring capacity: a power of two in [128 KiB, 64 MiB]; 4 MiB as WireGuard uses. */
    static final int RING_CAPACITY = 0x400000;
    static final int MIN_RING_CAPACITY = 0x20000;
    static final int MAX_RING_CAPACITY = 0x4000000;

    /** CTL_CODE(FILE_DEVICE_UNKNOWN, n, METHOD_BUFFERED, FILE_ANY_ACCESS) of tap-windows6's tap-windows.h. */
    static final int TAP_WIN_IOCTL_GET_VERSION = tapIoctl(2);
    static final int TAP_WIN_IOCTL_SET_MEDIA_STATUS = tapIoctl(6);

    private static final System.Logger LOG = System.getLogger(WindowsDeviceDriver.class.getName());

    private final Supplier<WintunApi> wintunLoader;
    private final Kernel32Api kernel32;
    private final IpHelperApi ipHelper;
    private final WindowsConfigurator configurator;
    private final OpenDevices open = new OpenDevices("Windows");
    private WintunApi wintun;

    public WindowsDeviceDriver() {
        this(JnaWintun::load, new JnaKernel32(), new JnaIpHelper());
    }

    WindowsDeviceDriver(Supplier<WintunApi> wintunLoader, Kernel32Api kernel32, IpHelperApi ipHelper) {
        this.wintunLoader = wintunLoader;
        this.kernel32 = kernel32;
        this.ipHelper = ipHelper;
        this.configurator = new WindowsConfigurator(ipHelper);
    }

    static int tapIoctl(int function) {
        return (0x22 << 16) | (function << 2);
    }

    static boolean validRingCapacity(int capacity) {
        return capacity >= MIN_RING_CAPACITY && capacity <= MAX_RING_CAPACITY && Integer.bitCount(capacity) == 1;
    }

    @Override
    public TunDevice open(DeviceSpec spec) throws IOException {
        TunDevice device = spec.type() == DeviceType.TAP ? openTap(spec) : openWintun(spec);
        try {
            configurator.configure(device.name(), ((WindowsDevice) device).luid(), spec);
            open.track(device);
        } catch (IOException | RuntimeException e) {
            device.close();
            throw e;
        }
        LOG.log(System.Logger.Level.INFO, "opened {0} {1}, mtu {2}, addresses {3}, routes {4}",
                spec.type(), device.name(), Integer.toString(spec.mtu()), spec.addresses(), spec.routes());
        return device;
    }

    private synchronized WintunApi wintun() throws IOException {
        if (wintun == null) {
            try {
                wintun = wintunLoader.get();
            } catch (UnsatisfiedLinkError | IllegalStateException e) {
                throw new IOException(e.getMessage(), e);
            }
        }
        return wintun;
    }

    private TunDevice openWintun(DeviceSpec spec) throws IOException {
        WintunApi api = wintun();
        String name = spec.name().isEmpty() ? DEFAULT_NAME : spec.name();
        long adapter;
        try {
            adapter = api.createAdapter(name, TUNNEL_TYPE, null);
        } catch (WinException e) {
            throw new IOException("cannot create wintun adapter '" + name + "': " + e.getMessage()
                    + (e.code == 5 ? " (needs Administrator)" : ""), e);
        }
        long session;
        long closeEvent;
        try {
            session = api.startSession(adapter, RING_CAPACITY);
        } catch (WinException e) {
            api.closeAdapter(adapter);
            throw new IOException("cannot start a wintun session on '" + name + "': " + e.getMessage(), e);
        }
        try {
            closeEvent = kernel32.createEvent(true);
        } catch (WinException e) {
            api.endSession(session);
            api.closeAdapter(adapter);
            throw e;
        }
        return new WintunDevice(api, kernel32, configurator, adapter, session, closeEvent, name, spec.mtu(), open);
    }

    private TunDevice openTap(DeviceSpec spec) throws IOException {
        if (spec.name().isEmpty()) {
            throw new IOException("name the tap-windows6 adapter to use (the interface name shown by"
                    + " 'netsh interface show interface'); install the driver from"
                    + " https://github.com/OpenVPN/tap-windows6/releases if there is none");
        }
        long luid = luidOf(spec.name());
        byte[] guid = new byte[16];
        int status = ipHelper.convertInterfaceLuidToGuid(luid, guid);
        if (status != 0) {
            throw new WinException("look up the GUID of '" + spec.name() + "'", status);
        }
        String path = "\\\\.\\Global\\" + IpHelperStructs.guidString(guid) + ".tap";
        long handle;
        try {
            handle = kernel32.createFile(path);
        } catch (WinException e) {
            throw new IOException("cannot open '" + spec.name() + "' as a TAP adapter (" + path + "): " + e.getMessage()
                    + "; is it a tap-windows6 adapter? Install the TAP driver from"
                    + " https://github.com/OpenVPN/tap-windows6/releases", e);
        }
        long[] events = new long[3];
        try {
            byte[] version = new byte[12];
            kernel32.deviceIoControl(handle, TAP_WIN_IOCTL_GET_VERSION, version, version);
            LOG.log(System.Logger.Level.DEBUG, "tap-windows6 driver {0}.{1} on {2}",
                    le(version).getInt(0), le(version).getInt(4), spec.name());
            byte[] connected = new byte[4];
            le(connected).putInt(0, 1);
            kernel32.deviceIoControl(handle, TAP_WIN_IOCTL_SET_MEDIA_STATUS, connected, connected);
            for (int i = 0; i < events.length; i++) {
                events[i] = kernel32.createEvent(true);
            }
        } catch (WinException e) {
            for (long event : events) {
                if (event != 0) {
                    kernel32.closeHandle(event);
                }
            }
            kernel32.closeHandle(handle);
            throw new IOException("cannot set up TAP adapter '" + spec.name() + "': " + e.getMessage(), e);
        }
        return new TapWindowsDevice(kernel32, configurator, handle, luid, events, spec.name(), spec.mtu(), open);
    }

    private long luidOf(String name) throws IOException {
        long[] luid = new long[1];
        int status = ipHelper.convertInterfaceAliasToLuid(name, luid);
        if (status != 0) {
            throw new WinException("no network adapter named '" + name + "'", status);
        }
        return luid[0];
    }

    private static ByteBuffer le(byte[] raw) {
        return ByteBuffer.wrap(raw).order(ByteOrder.LITTLE_ENDIAN);
    }

    @Deactivate
    void deactivate() {
        open.closeAll();
    }
}
