package org.gost4j.tunnel.internal;

import java.io.IOException;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.net.InetAddress;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Function;

import javax.management.MBeanException;

import org.gost4j.api.device.IpNetwork;
import org.gost4j.api.tunnel.TunnelMBean;
import org.gost4j.support.management.Failures;
import org.gost4j.support.options.TunnelOptions;

/**
 * The management view of a {@link TunnelComponent}: its state, counters and peers as JMX shows them, and the
 * operators' operations, whose input is checked by the same rules as the options and whose failures are
 * {@link MBeanException}s with a one-line message. Zeros and empty values while the tunnel is not running.
 */
final class TunnelManagement implements TunnelMBean {

    private static final Logger LOG = System.getLogger(TunnelManagement.class.getName());
    private static final String[] NONE = {};

    private final TunnelComponent tunnel;

    TunnelManagement(TunnelComponent tunnel) {
        this.tunnel = tunnel;
    }

    @Override
    public String getName() {
        return tunnel.name();
    }

    @Override
    public String getState() {
        return tunnel.state().label();
    }

    @Override
    public String getLastError() {
        return tunnel.lastError();
    }

    @Override
    public long getDeviceFailures() {
        return sum(counters -> counters.deviceFailures);
    }

    @Override
    public long getPeersEvicted() {
        return sum(counters -> counters.peersEvicted);
    }

    @Override
    public String[] getAddresses() {
        TunnelComponent.Running running = tunnel.running();
        return running == null ? NONE : running.deviceInfo().getAddresses();
    }

    @Override
    public String getMode() {
        TunnelComponent.Running running = tunnel.running();
        return running == null ? "" : running.settings().isClient() ? "client" : "server";
    }

    @Override
    public String getDevice() {
        TunnelComponent.Running running = tunnel.running();
        return running == null ? "" : running.device().current().name();
    }

    @Override
    public String getListenAddress() {
        TunnelComponent.Running running = tunnel.running();
        return running == null ? "" : running.engine().endpoint().localAddress().toString();
    }

    @Override
    public String[] getPeers() {
        TunnelComponent.Running running = tunnel.running();
        return running == null ? NONE : running.engine().peers();
    }

    @Override
    public long getPacketsFromNetwork() {
        return sum(counters -> counters.packetsFromNetwork);
    }

    @Override
    public long getBytesFromNetwork() {
        return sum(counters -> counters.bytesFromNetwork);
    }

    @Override
    public long getPacketsToNetwork() {
        return sum(counters -> counters.packetsToNetwork);
    }

    @Override
    public long getBytesToNetwork() {
        return sum(counters -> counters.bytesToNetwork);
    }

    @Override
    public int getPeerCount() {
        TunnelComponent.Running running = tunnel.running();
        return running == null ? 0 : running.engine().peerCount();
    }

    @Override
    public String[] getPeerTraffic() {
        TunnelComponent.Running running = tunnel.running();
        return running == null ? NONE : running.engine().peerTraffic();
    }

    @Override
    public long getPacketsFromDevice() {
        return sum(counters -> counters.packetsFromDevice);
    }

    @Override
    public long getBytesFromDevice() {
        return sum(counters -> counters.bytesFromDevice);
    }

    @Override
    public long getPacketsToDevice() {
        return sum(counters -> counters.packetsToDevice);
    }

    @Override
    public long getBytesToDevice() {
        return sum(counters -> counters.bytesToDevice);
    }

    @Override
    public long getPacketsForwarded() {
        return sum(counters -> counters.packetsForwarded);
    }

    @Override
    public String[] getDrops() {
        TunnelCounters counters = counters();
        return counters == null ? NONE : counters.dropSummary();
    }

    @Override
    public long getDropsTotal() {
        TunnelCounters counters = counters();
        return counters == null ? 0 : counters.dropsTotal();
    }

    /** The counter's value; 0 while the tunnel is not running. */
    private long sum(Function<TunnelCounters, LongAdder> counter) {
        TunnelCounters counters = counters();
        return counters == null ? 0 : counter.apply(counters).sum();
    }

    private TunnelCounters counters() {
        TunnelComponent.Running running = tunnel.running();
        return running == null ? null : running.engine().counters();
    }

    @Override
    public boolean disconnectPeer(String tunnelIp) throws MBeanException {
        InetAddress address;
        try {
            address = TunnelOptions.parseAddress(tunnelIp);
        } catch (IllegalArgumentException e) {
            throw Failures.of(e);
        }
        return running().engine().disconnect(IpKey.of(address));
    }

    @Override
    public String addRoute(String cidr) throws MBeanException {
        return changeRoute(cidr, true);
    }

    @Override
    public String removeRoute(String cidr) throws MBeanException {
        return changeRoute(cidr, false);
    }

    private String changeRoute(String cidr, boolean add) throws MBeanException {
        IpNetwork route = route(cidr);
        TunnelComponent.Running running = running();
        try {
            if (add) {
                running.device().current().addRoute(route);
            } else {
                running.device().current().removeRoute(route);
            }
        } catch (IOException | RuntimeException e) {
            throw Failures.of("route " + route + ": " + e.getMessage());
        }
        if (add) {
            running.deviceInfo().routes().add(route);
        } else {
            running.deviceInfo().routes().remove(route);
        }
        String done = (add ? "added " : "removed ") + route;
        LOG.log(Level.INFO, "tunnel " + tunnel.name() + ": " + done + " by the operator");
        return done;
    }

    /** The rule of option {@code route}, so the message is the one a URL or file gets. */
    private static IpNetwork route(String cidr) throws MBeanException {
        try {
            return TunnelOptions.parseRoute(cidr);
        } catch (IllegalArgumentException e) {
            throw Failures.of(e);
        }
    }

    private TunnelComponent.Running running() throws MBeanException {
        TunnelComponent.Running running = tunnel.running();
        if (running == null) {
            String error = tunnel.lastError();
            throw Failures.of("tunnel " + tunnel.name() + " is " + tunnel.state().label()
                    + (error.isEmpty() ? "" : ": " + error));
        }
        return running;
    }
}
