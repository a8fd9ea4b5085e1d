package org.gost4j.tunnel.internal;

import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;

import org.gost4j.api.device.DeviceMBean;
import org.gost4j.api.device.IpNetwork;

/** A tunnel's device (the current one) as the management bundle shows it; keeps the routes added at run time. */
final class DeviceInfo implements DeviceMBean {

    private final TunnelDevice device;
    private final String service;
    private final List<IpNetwork> addresses;
    private final List<IpNetwork> routes;

    DeviceInfo(TunnelDevice device, String service, List<IpNetwork> addresses, List<IpNetwork> routes) {
        this.device = device;
        this.service = service;
        this.addresses = List.copyOf(addresses);
        this.routes = new CopyOnWriteArrayList<>(routes);
    }

    List<IpNetwork> routes() {
        return routes;
    }

    @Override
    public String getName() {
        return device.current().name();
    }

    @Override
    public String getType() {
        return device.current().type().name().toLowerCase(Locale.ROOT);
    }

    @Override
    public int getMtu() {
        return device.current().mtu();
    }

    @Override
    public String[] getAddresses() {
        return addresses.stream().map(IpNetwork::toString).toArray(String[]::new);
    }

    @Override
    public String[] getRoutes() {
        return routes.stream().map(IpNetwork::toString).toArray(String[]::new);
    }

    @Override
    public String getService() {
        return service;
    }
}
