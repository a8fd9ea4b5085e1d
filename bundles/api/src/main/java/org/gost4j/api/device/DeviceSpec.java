package org.gost4j.api.device;

import java.net.InetAddress;
import java.util.List;

/**
 * What a driver must create: a TUN or TAP interface named {@code name} (empty lets the kernel choose), with
 * the given MTU, interface addresses, and routes through the interface. The driver brings the link up.
 *
 * @param peer the far end of a point-to-point interface (macOS utun); null lets the driver choose (the
 *        first interface address, as GOST does). Drivers of other systems ignore it.
 * @param offload lets a driver use the kernel's offloads where it has them (Linux TUN: checksum and TCP
 *        segmentation offload, so one read may carry many segments). It changes nothing a caller sees: reads
 *        and writes still move one plain, wire-sized packet with valid checksums. Drivers without offloads
 *        ignore it.
 */
public record DeviceSpec(String name, DeviceType type, int mtu, List<IpNetwork> addresses, List<IpNetwork> routes,
        InetAddress peer, boolean offload) {

    public DeviceSpec {
        addresses = List.copyOf(addresses);
        routes = List.copyOf(routes);
    }

    /** A spec without a point-to-point peer, with offloads on. */
    public DeviceSpec(String name, DeviceType type, int mtu, List<IpNetwork> addresses, List<IpNetwork> routes) {
        this(name, type, mtu, addresses, routes, null, true);
    }
}
