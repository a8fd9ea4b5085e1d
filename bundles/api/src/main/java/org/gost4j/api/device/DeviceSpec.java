package org.gost4j.api.device;

import java.util.List;

/**
 * What a driver must create: a TUN or TAP interface named {@code name} (empty lets the kernel choose), with
 * the given MTU, interface addresses, and routes through the interface. The driver brings the link up.
 */
public record DeviceSpec(String name, DeviceType type, int mtu, List<IpNetwork> addresses, List<IpNetwork> routes) {

    public DeviceSpec {
        addresses = List.copyOf(addresses);
        routes = List.copyOf(routes);
    }
}
