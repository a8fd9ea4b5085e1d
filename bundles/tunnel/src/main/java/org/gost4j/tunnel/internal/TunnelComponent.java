package org.gost4j.tunnel.internal;

import java.io.IOException;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.util.Arrays;

import org.gost4j.api.device.DeviceDriver;
import org.gost4j.api.device.DeviceType;
import org.gost4j.api.device.TunDevice;
import org.gost4j.api.transport.DatagramEndpoint;
import org.gost4j.api.transport.DatagramTransport;
import org.gost4j.api.tunnel.TunnelMBean;
import org.gost4j.api.tunnel.TunnelPids;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.Designate;

/**
 * One tunnel service per {@code gost4j.tunnel} factory configuration: opens the device, starts the server or
 * client engine, and publishes itself as a {@link TunnelMBean}. Any configuration change restarts it.
 */
@Component(configurationPid = TunnelPids.TUNNEL, configurationPolicy = ConfigurationPolicy.REQUIRE, immediate = true,
        service = TunnelMBean.class)
@Designate(ocd = TunnelConfig.class, factory = true)
public final class TunnelComponent implements TunnelMBean {

    private static final Logger LOG = System.getLogger(TunnelComponent.class.getName());

    private final TunnelSettings settings;
    private final TunnelEngine engine;

    @Activate
    public TunnelComponent(TunnelConfig config, @Reference(name = "driver") DeviceDriver driver,
            @Reference(name = "transport", target = "(" + DatagramTransport.TRANSPORT_PROPERTY + "=udp)") DatagramTransport transport)
            throws IOException {
        try {
            settings = TunnelSettings.from(config);
        } catch (IllegalArgumentException e) {
            LOG.log(Level.ERROR, "tunnel " + config.name() + " not started: " + e.getMessage());
            throw e;
        }
        // The socket first: once the device is up, peers may already send.
        DatagramEndpoint endpoint = open(transport);
        TunDevice device;
        try {
            device = driver.open(settings.deviceSpec());
        } catch (IOException | RuntimeException e) {
            endpoint.close();
            LOG.log(Level.ERROR, "tunnel " + settings.name() + " not started: " + e.getMessage());
            throw e;
        }
        engine = engine(settings, device, endpoint, transport);
        engine.start();
        LOG.log(Level.INFO, "tunnel " + settings.name() + " up: " + settings.type() + " " + getMode() + " on udp "
                + getListenAddress()
                + (settings.isClient() ? " to " + settings.remote() : "") + ", device " + device.name()
                + " net " + settings.net() + " mtu " + settings.mtu());
    }

    private static TunnelEngine engine(TunnelSettings settings, TunDevice device, DatagramEndpoint endpoint,
            DatagramTransport transport) {
        if (settings.type() == DeviceType.TAP) {
            return settings.isClient()
                    ? new TapClient(settings, device, endpoint)
                    : new TapServer(settings, device, endpoint);
        }
        return settings.isClient()
                ? new TunClient(settings, device, endpoint, transport)
                : new TunServer(settings, device, endpoint);
    }

    private DatagramEndpoint open(DatagramTransport transport) throws IOException {
        try {
            return transport.open(settings.listen(), settings.remote());
        } catch (IOException | RuntimeException e) {
            LOG.log(Level.ERROR, "tunnel " + settings.name() + " not started: udp " + settings.listen() + ": " + e);
            throw e;
        }
    }

    @Deactivate
    void deactivate() {
        engine.close();
        LOG.log(Level.INFO, "tunnel " + settings.name() + " down: " + getPacketsFromDevice() + " packets from device, "
                + getPacketsToDevice() + " to device, " + getPacketsForwarded() + " forwarded, " + getPeers().length
                + " peers, drops "
                + Arrays.toString(getDrops()));
    }

    @Override
    public String getName() {
        return settings.name();
    }

    @Override
    public String getMode() {
        return settings.isClient() ? "client" : "server";
    }

    @Override
    public String getDevice() {
        return engine.device.name();
    }

    @Override
    public String getListenAddress() {
        return engine.endpoint().localAddress().toString();
    }

    @Override
    public String[] getPeers() {
        return engine.peers();
    }

    @Override
    public long getPacketsFromDevice() {
        return engine.counters().packetsFromDevice.sum();
    }

    @Override
    public long getBytesFromDevice() {
        return engine.counters().bytesFromDevice.sum();
    }

    @Override
    public long getPacketsToDevice() {
        return engine.counters().packetsToDevice.sum();
    }

    @Override
    public long getBytesToDevice() {
        return engine.counters().bytesToDevice.sum();
    }

    @Override
    public long getPacketsForwarded() {
        return engine.counters().packetsForwarded.sum();
    }

    @Override
    public String[] getDrops() {
        return engine.counters().dropSummary();
    }

    @Override
    public long getDropsTotal() {
        return engine.counters().dropsTotal();
    }
}
