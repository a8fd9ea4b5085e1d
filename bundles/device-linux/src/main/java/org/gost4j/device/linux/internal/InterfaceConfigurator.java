package org.gost4j.device.linux.internal;

import java.io.IOException;
import java.net.InetAddress;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import org.gost4j.api.device.DeviceSpec;
import org.gost4j.api.device.IpNetwork;

/**
 * Configures a freshly created interface through rtnetlink, in the order the kernel needs: MTU and up first
 * (IPv6 refuses addresses on an MTU below 1280, and routes want a running link), then addresses, then routes.
 */
final class InterfaceConfigurator {

    private InterfaceConfigurator() {
    }

    static void configure(TunSyscalls syscalls, String name, DeviceSpec spec) throws IOException {
        int index = index(syscalls, name);
        try (RtnetlinkClient netlink = RtnetlinkClient.open(syscalls)) {
            netlink.execute("set mtu " + spec.mtu() + " and up on " + name,
                    RtnetlinkMessages.setMtuAndUp(netlink.nextSeq(), index, spec.mtu()));
            for (IpNetwork address : spec.addresses()) {
                netlink.execute("add address " + address + " to " + name,
                        RtnetlinkMessages.newAddress(netlink.nextSeq(), index, address));
            }
            for (IpNetwork route : routesToAdd(spec.addresses(), spec.routes())) {
                netlink.execute("add route " + route + " via " + name,
                        RtnetlinkMessages.newRoute(netlink.nextSeq(), index, route));
            }
        }
    }

    /** Adds a route through the interface at run time (e.g. a router's network). */
    static void addRoute(TunSyscalls syscalls, String name, IpNetwork route) throws IOException {
        int index = index(syscalls, name);
        try (RtnetlinkClient netlink = RtnetlinkClient.open(syscalls)) {
            netlink.execute("add route " + route + " via " + name,
                    RtnetlinkMessages.newRoute(netlink.nextSeq(), index, route));
        }
    }

    /** Adds a route with a next hop on the interface's link (GOST's TAP {@code route} via {@code gw}). */
    static void addRoute(TunSyscalls syscalls, String name, IpNetwork route, InetAddress gateway)
            throws IOException {
        int index = index(syscalls, name);
        try (RtnetlinkClient netlink = RtnetlinkClient.open(syscalls)) {
            netlink.execute("add route " + route + " via " + gateway.getHostAddress() + " dev " + name,
                    RtnetlinkMessages.newRoute(netlink.nextSeq(), index, route, gateway));
        }
    }

    static void removeRoute(TunSyscalls syscalls, String name, IpNetwork route) throws IOException {
        int index = index(syscalls, name);
        try (RtnetlinkClient netlink = RtnetlinkClient.open(syscalls)) {
            netlink.execute("delete route " + route + " via " + name,
                    RtnetlinkMessages.deleteRoute(netlink.nextSeq(), index, route));
        }
    }

    private static int index(TunSyscalls syscalls, String name) throws IOException {
        long index = syscalls.interfaceIndex(name);
        if (index < 0) {
            throw Errno.exception(syscalls, "look up index of " + name, (int) -index);
        }
        return (int) index;
    }

    /**
     * The routes, as networks, minus those the kernel already adds for an address's prefix (adding them again
     * would fail with EEXIST or duplicate the kernel's route). Host addresses (/32, /128) get no prefix route.
     */
    static List<IpNetwork> routesToAdd(List<IpNetwork> addresses, List<IpNetwork> routes) {
        Set<IpNetwork> connected = addresses.stream()
                .filter(a -> a.prefixLength() < a.address().getAddress().length * 8)
                .map(RtnetlinkMessages::network)
                .collect(Collectors.toSet());
        return routes.stream()
                .map(RtnetlinkMessages::network)
                .filter(r -> !connected.contains(r))
                .distinct()
                .toList();
    }
}
