package org.gost4j.metrics.internal;

import java.util.Collection;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import org.gost4j.api.auth.AutherMBean;
import org.gost4j.api.router.RouterMBean;
import org.gost4j.api.transport.ChainMBean;
import org.gost4j.api.tunnel.TunnelMBean;

import io.prometheus.metrics.model.registry.MultiCollector;
import io.prometheus.metrics.model.snapshots.Labels;
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
        f.gauge("gost_services", "Current number of services", tunnels.size(), Labels.of("host", host));
        Map<String, Integer> states = new TreeMap<>();
        for (TunnelMBean tunnel : tunnels) {
            try {
                states.merge(tunnel.getState(), 1, Integer::sum);
            } catch (RuntimeException goneMeanwhile) {
                // counted in the next scrape, if still there
            }
        }
        states.forEach((state, count) -> f.gauge("gost_service_status", "Number of services in each state", count,
                Labels.of("host", host, "state", state)));
        for (TunnelMBean tunnel : tunnels) {
            try {
                tunnel(f, tunnel);
            } catch (RuntimeException goneMeanwhile) {
                // a tunnel stopping during the scrape: its numbers are missing from this one only
            }
        }
        for (ChainMBean chain : chains) {
            Labels labels = Labels.of("chain", chain.getName());
            f.counter("gost4j_chain_sent_packets", "Datagrams sent through the chain", chain.getDatagramsSent(), labels);
            f.counter("gost4j_chain_sent_bytes", "Bytes sent through the chain", chain.getBytesSent(), labels);
            f.counter("gost4j_chain_received_packets", "Datagrams received through the chain", chain.getDatagramsReceived(), labels);
            f.counter("gost4j_chain_received_bytes", "Bytes received through the chain", chain.getBytesReceived(), labels);
            f.counter("gost4j_chain_dropped_packets", "Datagrams dropped (no session, receiver behind)", chain.getDatagramsDropped(), labels);
            f.counter("gost4j_chain_reconnects", "Sessions re-established after a drop", chain.getReconnects(), labels);
            f.gauge("gost4j_chain_endpoints", "Endpoints using the chain", chain.getEndpoints(), labels);
            f.gauge("gost4j_chain_connected_endpoints", "Endpoints with a session", chain.getConnectedEndpoints(), labels);
        }
        for (AutherMBean auther : authers) {
            Labels labels = Labels.of("auther", auther.getName());
            f.gauge("gost4j_auther_users", "Users the auther knows now", auther.getUsers().length, labels);
            f.counter("gost4j_auther_refreshes", "Loader rounds (file, redis, http)", auther.getRefreshes(), labels);
            f.counter("gost4j_auther_refresh_failures", "Loader reads that failed", auther.getRefreshFailures(), labels);
            f.counter("gost4j_auther_plugin_failures", "Plugin requests that failed or timed out", auther.getPluginFailures(), labels);
        }
        for (RouterMBean router : routers) {
            Labels labels = Labels.of("router", router.getName());
            f.gauge("gost4j_router_routes", "Routes in force now", router.getRoutes().length, labels);
            f.counter("gost4j_router_refreshes", "Loader rounds (file, redis, http)", router.getRefreshes(), labels);
            f.counter("gost4j_router_refresh_failures", "Loader reads that failed", router.getRefreshFailures(), labels);
        }
        return f.snapshots();
    }

    /** Every family with its help, so a scrape lists them all even before a tunnel or loader exists. */
    private static void declare(Families f) {
        f.declare("gost_service_transfer_input_bytes", "Total service input data transfer size in bytes", true);
        f.declare("gost_service_transfer_output_bytes", "Total service output data transfer size in bytes", true);
        f.declare("gost4j_service_dropped_packets", "Packets and datagrams dropped, by reason", true);
        f.declare("gost4j_service_registration_refusals", "Registrations refused, by reason", true);
    }

    private void tunnel(Families f, TunnelMBean tunnel) {
        String service = tunnel.getName();
        String[] addresses = tunnel.getAddresses();
        String client = addresses.length == 0 ? "" : addresses[0].replaceFirst("/.*", "");
        // read once: GOST's transfer totals and gost4j's device counters are the same numbers in one scrape
        long bytesFromDevice = tunnel.getBytesFromDevice();
        long bytesToDevice = tunnel.getBytesToDevice();
        Labels transfer = Labels.of("host", host, "service", service, "client", client);
        f.counter("gost_service_transfer_input_bytes", "Total service input data transfer size in bytes",
                bytesFromDevice, transfer);
        f.counter("gost_service_transfer_output_bytes", "Total service output data transfer size in bytes",
                bytesToDevice, transfer);

        Labels byService = Labels.of("service", service);
        Labels byDevice = Labels.of("service", service, "device", tunnel.getDevice());
        f.counter("gost4j_device_read_packets", "Packets read from the device", tunnel.getPacketsFromDevice(), byDevice);
        f.counter("gost4j_device_read_bytes", "Bytes read from the device", bytesFromDevice, byDevice);
        f.counter("gost4j_device_written_packets", "Packets written to the device", tunnel.getPacketsToDevice(), byDevice);
        f.counter("gost4j_device_written_bytes", "Bytes written to the device", bytesToDevice, byDevice);
        f.counter("gost4j_device_failures", "Devices that failed under the tunnel (each reopened)", tunnel.getDeviceFailures(), byDevice);

        f.counter("gost4j_service_peers_evicted", "Stale clients removed from a full peer table", tunnel.getPeersEvicted(), byService);
        f.counter("gost4j_service_received_packets", "Datagrams received on the UDP socket", tunnel.getPacketsFromNetwork(), byService);
        f.counter("gost4j_service_received_bytes", "Bytes received on the UDP socket", tunnel.getBytesFromNetwork(), byService);
        f.counter("gost4j_service_sent_packets", "Datagrams sent on the UDP socket", tunnel.getPacketsToNetwork(), byService);
        f.counter("gost4j_service_sent_bytes", "Bytes sent on the UDP socket", tunnel.getBytesToNetwork(), byService);
        f.counter("gost4j_service_forwarded_packets", "Packets forwarded from one client to another", tunnel.getPacketsForwarded(), byService);
        f.gauge("gost4j_service_peers", "Clients registered (or learned) now", tunnel.getPeerCount(), byService);
        for (String drop : tunnel.getDrops()) {
            int equals = drop.indexOf('=');
            String reason = drop.substring(0, equals).toLowerCase(Locale.ROOT);
            double count = Double.parseDouble(drop.substring(equals + 1));
            Labels byReason = Labels.of("service", service, "reason", reason);
            f.counter("gost4j_service_dropped_packets", "Packets and datagrams dropped, by reason", count, byReason);
            if (REFUSALS.contains(reason)) {
                f.counter("gost4j_service_registration_refusals", "Registrations refused, by reason", count, byReason);
            }
        }
        for (String line : tunnel.getPeerTraffic()) {
            String[] p = line.split(" ");
            if (p.length != 6) {
                continue;
            }
            Labels byPeer = Labels.of("service", service, "peer", p[0], "tunnel_ip", p[1]);
            f.counter("gost4j_peer_received_packets", "Data packets received from the client", Double.parseDouble(p[2]), byPeer);
            f.counter("gost4j_peer_received_bytes", "Data bytes received from the client", Double.parseDouble(p[3]), byPeer);
            f.counter("gost4j_peer_sent_packets", "Data packets sent to the client", Double.parseDouble(p[4]), byPeer);
            f.counter("gost4j_peer_sent_bytes", "Data bytes sent to the client", Double.parseDouble(p[5]), byPeer);
        }
    }
}
