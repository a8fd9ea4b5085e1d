package org.gost4j.device.windows.internal;

import java.io.IOException;
import java.net.InetAddress;

import org.gost4j.api.device.DeviceType;
import org.gost4j.api.device.IpNetwork;
import org.gost4j.support.device.AbstractTunDevice;
import org.gost4j.support.device.OpenDevices;

/** What the wintun and tap-windows6 devices share: an adapter known by its LUID, routed through the IP Helper API. */
abstract class WindowsDevice extends AbstractTunDevice {

    private final WindowsConfigurator configurator;
    private final long luid;

    WindowsDevice(String name, DeviceType type, int mtu, OpenDevices openDevices, WindowsConfigurator configurator,
            long luid) {
        super(name, type, mtu, openDevices);
        this.configurator = configurator;
        this.luid = luid;
    }

    final long luid() {
        return luid;
    }

    @Override
    protected final void changeRoute(boolean add, IpNetwork route, InetAddress gateway) throws IOException {
        if (add) {
            configurator.addRoute(name(), luid, route, gateway);
        } else {
            configurator.removeRoute(name(), luid, route);
        }
    }
}
