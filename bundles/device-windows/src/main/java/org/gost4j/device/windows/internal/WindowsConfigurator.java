package org.gost4j.device.windows.internal;

import java.io.IOException;
import java.net.InetAddress;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import org.gost4j.api.device.DeviceSpec;
import org.gost4j.api.device.IpNetwork;
import org.gost4j.support.device.Networks;

/**
 * Configures an adapter, identified by its LUID, through the IP Helper API: MTU per address family, then
 * unicast addresses (preferred at once, no duplicate-address detection wait), then on-link routes. Windows
 * adds the route for an address's own prefix itself, so those are skipped.
 */
final class WindowsConfigurator {

    private final IpHelperApi ip;

    WindowsConfigurator(IpHelperApi ip) {
        this.ip = ip;
    }

    void configure(String name, long luid, DeviceSpec spec) throws IOException {
        boolean v4 = spec.addresses().stream().anyMatch(a -> !a.isIpv6()) || spec.addresses().isEmpty();
        boolean v6 = spec.addresses().stream().anyMatch(IpNetwork::isIpv6);
        if (v4) {
            setMtu(name, luid, IpHelperStructs.AF_INET, spec.mtu());
        }
        if (v6) {
            setMtu(name, luid, IpHelperStructs.AF_INET6, spec.mtu());
        }
        for (IpNetwork address : spec.addresses()) {
            byte[] row = new byte[IpHelperStructs.UNICAST_ROW_SIZE];
            ip.initializeUnicastIpAddressEntry(row);
            int status = ip.createUnicastIpAddressEntry(IpHelperStructs.unicastRow(row, luid, address));
            // an adapter that outlived a previous run may still hold the address
            if (status != 0 && status != IpHelperStructs.ERROR_OBJECT_ALREADY_EXISTS) {
                throw new WinException("add address " + address + " to " + name, status);
            }
        }
        for (IpNetwork route : routesToAdd(spec.addresses(), spec.routes())) {
            addRoute(name, luid, route, null);
        }
    }

    /** A route on the link, or via the next hop {@code gateway} unless it is null. */
    void addRoute(String name, long luid, IpNetwork route, InetAddress gateway) throws IOException {
        int status = ip.createIpForwardEntry2(forwardRow(luid, route, gateway));
        if (status != 0) {
            throw new WinException("add route " + route + " via " + name, status);
        }
    }

    void removeRoute(String name, long luid, IpNetwork route) throws IOException {
        int status = ip.deleteIpForwardEntry2(forwardRow(luid, route, null));
        if (status != 0) {
            throw new WinException("delete route " + route + " via " + name, status);
        }
    }

    private byte[] forwardRow(long luid, IpNetwork route, InetAddress gateway) {
        byte[] row = new byte[IpHelperStructs.FORWARD_ROW_SIZE];
        ip.initializeIpForwardEntry(row);
        IpNetwork net = Networks.of(route);
        byte[] nextHop = gateway == null ? new byte[net.address().getAddress().length] : gateway.getAddress();
        return IpHelperStructs.forwardRow(row, luid, net.address().getAddress(), net.prefixLength(), nextHop);
    }

    private void setMtu(String name, long luid, short family, int mtu) throws IOException {
        byte[] row = new byte[IpHelperStructs.INTERFACE_ROW_SIZE];
        ip.initializeIpInterfaceEntry(row);
        IpHelperStructs.setInterfaceKey(row, family, luid);
        String what = "set mtu " + mtu + " (" + (family == IpHelperStructs.AF_INET ? "IPv4" : "IPv6") + ") on " + name;
        int status = ip.getIpInterfaceEntry(row);
        if (status != 0) {
            throw new WinException(what, status);
        }
        IpHelperStructs.setInterfaceMtu(row, mtu);
        status = ip.setIpInterfaceEntry(row);
        if (status != 0) {
            throw new WinException(what, status);
        }
    }

    static List<IpNetwork> routesToAdd(List<IpNetwork> addresses, List<IpNetwork> routes) {
        Set<IpNetwork> connected = new LinkedHashSet<>();
        addresses.forEach(a -> connected.add(Networks.of(a)));
        Set<IpNetwork> result = new LinkedHashSet<>();
        routes.stream().map(Networks::of).filter(r -> !connected.contains(r)).forEach(result::add);
        return List.copyOf(result);
    }
}
