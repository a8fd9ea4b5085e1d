package org.gost4j.metrics.internal;

import java.util.Collection;
import java.util.Locale;
import java.util.Set;

import org.gost4j.api.auth.AutherMBean;
import org.gost4j.api.router.RouterMBean;
import org.gost4j.api.transport.ChainMBean;
import org.gost4j.api.tunnel.TunnelMBean;

import io.prometheus.metrics.model.registry.MultiCollector;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;

/**
 * Reads every tunnel, auther, router and chain through its api interface at scrape time: nothing is counted
 * twice and nothing here touches the packet path. GOST's names where GOST has the same metric (its TUN listener
 * counts the device side as the service's input and output, labelled with the tunnel's own IP as client), the
 * rest under {@code gost4j_}.
 */
final class GostCollector implements MultiCollector {

    /** Drop reasons that are refused registrations. */
    private static final Set<String> REFUSALS = Set.of("auth_failed", "auther_absent", "auth_busy");

    private final String host;
    private final Collection<TunnelMBean> tunnels;
    private final Collection<AutherMBean> authers;
    private final Collection<RouterMBean> routers;
    private final Collection<ChainMBean> chains;

    GostCollector(String host, Collection<TunnelMBean> tunnels, Collection<AutherMBean> authers,
            Collection<RouterMBean> routers, Collection<ChainMBean> chains) {
        this.host = host;
        this.tunnels = tunnels;
        this.authers = authers;
        this.routers = routers;
        this.chains = chains;
    }

    @Override
    public MetricSnapshots collect() {
        Families f = new Families();
        declare(f);
        f.gauge("gost_services", "Current number of services", tunnels.size(), "host", host);
        java.util.Map<String, Integer> states = new java.util.TreeMap<>();
        for (TunnelMBean tunnel : tunnels) {
            try {
                states.merge(tunnel.getState(), 1, Integer::sum);
            } catch (RuntimeException goneMeanwhile) {
                // counted in the next scrape, if still there
            }
        }
        states.forEach((state, count) -> f.gauge("gost_service_status", "Number of services in each state", count,
                "host", host, "state", state));
        for (TunnelMBean tunnel : tunnels) {
            try {
                tunnel(f, tunnel);
            } catch (RuntimeException goneMeanwhile) {
                // a tunnel stopping during the scrape: its numbers are missing from this one only
            }
        }
        for (ChainMBean chain : chains) {
            String name = chain.getName();
            f.counter("gost4j_chain_sent_packets", "Datagrams sent through the chain", chain.getDatagramsSent(), "chain", name);
            f.counter("gost4j_chain_sent_bytes", "Bytes sent through the chain", chain.getBytesSent(), "chain", name);
            f.counter("gost4j_chain_received_packets", "Datagrams received through the chain", chain.getDatagramsReceived(), "chain", name);
            f.counter("gost4j_chain_received_bytes", "Bytes received through the chain", chain.getBytesReceived(), "chain", name);
            f.counter("gost4j_chain_dropped_packets", "Datagrams dropped (no session, receiver behind)", chain.getDatagramsDropped(), "chain", name);
            f.counter("gost4j_chain_reconnects", "Sessions re-established after a drop", chain.getReconnects(), "chain", name);
            f.gauge("gost4j_chain_endpoints", "Endpoints using the chain", chain.getEndpoints(), "chain", name);
            f.gauge("gost4j_chain_connected_endpoints", "Endpoints with a session", chain.getConnectedEndpoints(), "chain", name);
        }
        for (AutherMBean auther : authers) {
            String name = auther.getName();
            f.gauge("gost4j_auther_users", "Users the auther knows now", auther.getUsers().length, "auther", name);
            f.counter("gost4j_auther_refreshes", "Loader rounds (file, redis, http)", auther.getRefreshes(), "auther", name);
            f.counter("gost4j_auther_refresh_failures", "Loader reads that failed", auther.getRefreshFailures(), "auther", name);
            f.counter("gost4j_auther_plugin_failures", "Plugin requests that failed or timed out", auther.getPluginFailures(), "auther", name);
        }
        for (RouterMBean router : routers) {
            String name = router.getName();
            f.gauge("gost4j_router_routes", "Routes in force now", router.getRoutes().length, "router", name);
            f.counter("gost4j_router_refreshes", "Loader rounds (file, redis, http)", router.getRefreshes(), "router", name);
            f.counter("gost4j_router_refresh_failures", "Loader reads that failed", router.getRefreshFailures(), "router", name);
        }
        return f.snapshots();
    }

    /** Every family with its help, so a scrape lists them all even before a tunnel or loader exists. */
    private static void declare(Families f) {
        f.declare("gost_service_transfer_input_bytes", "Total service input data transfer size in bytes", true);
        f.declare("gost_service_transfer_output_bytes", "Total service output data transfer size in bytes", true);
    }

    private void tunnel(Families f, TunnelMBean tunnel) {
        String service = tunnel.getName();
        String device = tunnel.getDevice();
        String[] addresses = tunnel.getAddresses();
        String client = addresses.length == 0 ? "" : addresses[0].replaceFirst("/.*", "");
        f.counter("gost_service_transfer_input_bytes", "Total service input data transfer size in bytes",
                tunnel.getBytesFromDevice(), "host", host, "service", service, "client", client);
        f.counter("gost_service_transfer_output_bytes", "Total service output data transfer size in bytes",
                tunnel.getBytesToDevice(), "host", host, "service", service, "client", client);

        f.counter("gost4j_device_read_packets", "Packets read from the device", tunnel.getPacketsFromDevice(), "service", service, "device", device);
        f.counter("gost4j_device_read_bytes", "Bytes read from the device", tunnel.getBytesFromDevice(), "service", service, "device", device);
        f.counter("gost4j_device_written_packets", "Packets written to the device", tunnel.getPacketsToDevice(), "service", service, "device", device);
        f.counter("gost4j_device_written_bytes", "Bytes written to the device", tunnel.getBytesToDevice(), "service", service, "device", device);
        f.counter("gost4j_device_failures", "Devices that failed under the tunnel (each reopened)", tunnel.getDeviceFailures(), "service", service, "device", device);

        f.counter("gost4j_service_peers_evicted", "Stale clients removed from a full peer table", tunnel.getPeersEvicted(), "service", service);
        f.counter("gost4j_service_received_packets", "Datagrams received on the UDP socket", tunnel.getPacketsFromNetwork(), "service", service);
        f.counter("gost4j_service_received_bytes", "Bytes received on the UDP socket", tunnel.getBytesFromNetwork(), "service", service);
        f.counter("gost4j_service_sent_packets", "Datagrams sent on the UDP socket", tunnel.getPacketsToNetwork(), "service", service);
        f.counter("gost4j_service_sent_bytes", "Bytes sent on the UDP socket", tunnel.getBytesToNetwork(), "service", service);
        f.counter("gost4j_service_forwarded_packets", "Packets forwarded from one client to another", tunnel.getPacketsForwarded(), "service", service);
        f.gauge("gost4j_service_peers", "Clients registered (or learned) now", tunnel.getPeerCount(), "service", service);
        f.declare("gost4j_service_dropped_packets", "Packets and datagrams dropped, by reason", true);
        f.declare("gost4j_service_registration_refusals", "Registrations refused, by reason", true);
        for (String drop : tunnel.getDrops()) {
            int equals = drop.indexOf('=');
            String reason = drop.substring(0, equals).toLowerCase(Locale.ROOT);
            double count = Double.parseDouble(drop.substring(equals + 1));
            f.counter("gost4j_service_dropped_packets", "Packets and datagrams dropped, by reason", count,
                    "service", service, "reason", reason);
            if (REFUSALS.contains(reason)) {
                f.counter("gost4j_service_registration_refusals", "Registrations refused, by reason", count,
                        "service", service, "reason", reason);
            }
        }
        for (String line : tunnel.getPeerTraffic()) {
            String[] p = line.split(" ");
            if (p.length != 6) {
                continue;
            }
            f.counter("gost4j_peer_received_packets", "Data packets received from the client", Double.parseDouble(p[2]), "service", service, "peer", p[0], "tunnel_ip", p[1]);
            f.counter("gost4j_peer_received_bytes", "Data bytes received from the client", Double.parseDouble(p[3]), "service", service, "peer", p[0], "tunnel_ip", p[1]);
            f.counter("gost4j_peer_sent_packets", "Data packets sent to the client", Double.parseDouble(p[4]), "service", service, "peer", p[0], "tunnel_ip", p[1]);
            f.counter("gost4j_peer_sent_bytes", "Data bytes sent to the client", Double.parseDouble(p[5]), "service", service, "peer", p[0], "tunnel_ip", p[1]);
        }
    }
}
