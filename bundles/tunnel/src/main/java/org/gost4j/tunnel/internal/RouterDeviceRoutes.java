package org.gost4j.tunnel.internal;

import java.io.IOException;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import org.gost4j.api.device.IpNetwork;
import org.gost4j.api.router.RouteEntry;

/**
 * The routes a named router puts on the device: exactly its networks while it is present, none while it is
 * absent or once the tunnel stops. Networks the device was opened with are not ours to add or remove.
 */
final class RouterDeviceRoutes {

    private static final Logger LOG = System.getLogger(RouterDeviceRoutes.class.getName());

    private final String tunnel;
    private final TunnelDevice device;
    private final List<IpNetwork> openedWith;
    /** Guarded by {@code this}. */
    private final Set<IpNetwork> added = new LinkedHashSet<>();
    private boolean closed;

    RouterDeviceRoutes(String tunnel, TunnelDevice device, List<IpNetwork> openedWith) {
        this.tunnel = tunnel;
        this.device = device;
        this.openedWith = openedWith;
    }

    /** Makes the device carry the networks of {@code routes} (empty: none). */
    synchronized void use(List<RouteEntry> routes) {
        if (closed) {
            return;
        }
        Set<IpNetwork> wanted = new LinkedHashSet<>();
        routes.stream().map(RouteEntry::network).forEach(wanted::add);
        wanted.removeAll(openedWith);
        for (IpNetwork network : Set.copyOf(added)) {
            if (!wanted.contains(network)) {
                added.remove(network);
                change(network, false);
            }
        }
        for (IpNetwork network : wanted) {
            if (added.add(network)) {
                change(network, true);
            }
        }
    }

    /** Puts the routes this added on a new device that replaced a failed one. */
    synchronized void reapply() {
        if (!closed) {
            added.forEach(network -> change(network, true));
        }
    }

    /** Removes every route this added; later calls to {@link #use} do nothing. */
    synchronized void close() {
        use(List.of());
        closed = true;
    }

    private void change(IpNetwork network, boolean add) {
        try {
            if (add) {
                device.current().addRoute(network);
            } else {
                device.current().removeRoute(network);
            }
        } catch (IOException | RuntimeException e) {
            LOG.log(Level.WARNING, "tunnel " + tunnel + ": " + (add ? "adding" : "removing") + " route "
                    + network + " on " + device.current().name() + " failed: " + e);
        }
    }
}
