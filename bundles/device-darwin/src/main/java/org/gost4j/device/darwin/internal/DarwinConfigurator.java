package org.gost4j.device.darwin.internal;

import java.io.IOException;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import org.gost4j.api.device.DeviceSpec;
import org.gost4j.api.device.IpNetwork;
import org.gost4j.support.device.Networks;

/**
 * Configures a utun interface with the system's own tools, as GOST does: {@code ifconfig} for MTU, link state
 * and addresses, {@code route} for routes. IPv4 addresses on utun are point-to-point: the far end is the
 * spec's {@code peer}, or the address itself; macOS then adds no route for the address's network, so one is
 * added explicitly. IPv6 addresses get their prefix route from the kernel.
 */
final class DarwinConfigurator {

    static final String IFCONFIG = "/sbin/ifconfig";
    static final String ROUTE = "/sbin/route";

    private DarwinConfigurator() {
    }

    static void configure(DarwinNative os, String name, DeviceSpec spec) throws IOException {
        for (List<String> command : commands(name, spec)) {
            os.run(command);
        }
    }

    /** The commands that configure the interface, in order. */
    static List<List<String>> commands(String name, DeviceSpec spec) {
        List<List<String>> commands = new ArrayList<>();
        commands.add(List.of(IFCONFIG, name, "mtu", Integer.toString(spec.mtu()), "up"));
        Set<IpNetwork> routes = new LinkedHashSet<>();
        for (IpNetwork address : spec.addresses()) {
            String host = address.address().getHostAddress();
            if (address.isIpv6()) {
                commands.add(List.of(IFCONFIG, name, "inet6", host, "prefixlen",
                        Integer.toString(address.prefixLength()), "alias"));
            } else {
                InetAddress peer = spec.peer() != null && !(spec.peer().getAddress().length == 16)
                        ? spec.peer() : address.address();
                commands.add(List.of(IFCONFIG, name, "inet", address.toString(), peer.getHostAddress(), "alias"));
                if (address.prefixLength() < 32) {
                    routes.add(Networks.of(address));
                }
            }
        }
        spec.routes().forEach(r -> routes.add(Networks.of(r)));
        routes.forEach(r -> commands.add(route("add", name, r, null)));
        return commands;
    }

    /** A route on the interface, or via {@code gateway} (a next hop) unless it is null. */
    static List<String> route(String verb, String name, IpNetwork route, InetAddress gateway) {
        IpNetwork net = Networks.of(route);
        List<String> command = new ArrayList<>(List.of(ROUTE, "-n", verb));
        if (net.isIpv6()) {
            command.add("-inet6");
        }
        command.addAll(List.of("-net", net.toString()));
        if (gateway == null) {
            command.addAll(List.of("-interface", name));
        } else {
            command.add(gateway.getHostAddress());
        }
        return List.copyOf(command);
    }
}
