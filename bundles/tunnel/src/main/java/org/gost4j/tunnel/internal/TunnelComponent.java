package org.gost4j.tunnel.internal;

import java.io.IOException;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.util.Arrays;
import java.util.Hashtable;

import org.gost4j.api.device.DeviceDriver;
import org.gost4j.api.device.DeviceMBean;
import org.gost4j.api.device.IpNetwork;
import org.gost4j.api.device.TunDevice;
import org.gost4j.api.transport.DatagramEndpoint;
import org.gost4j.api.transport.DatagramTransport;
import org.gost4j.api.management.ManagedObjects;
import org.gost4j.api.tunnel.TunnelMBean;
import org.gost4j.api.tunnel.TunnelPids;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.Designate;

/**
 * One tunnel service per {@code gost4j.tunnel} factory configuration: opens the device, starts the server or
 * client engine, and publishes itself as a {@link TunnelMBean} and its device as a {@link DeviceMBean} (the
 * management bundle turns both into MBeans). Any configuration change restarts it.
 */
@Component(configurationPid = TunnelPids.TUNNEL, configurationPolicy = ConfigurationPolicy.REQUIRE, immediate = true,
        service = TunnelMBean.class, property = ManagedObjects.TYPE_PROPERTY + "=" + ManagedObjects.TYPE_SERVICE)
@Designate(ocd = TunnelConfig.class, factory = true)
public final class TunnelComponent implements TunnelMBean {

    private static final Logger LOG = System.getLogger(TunnelComponent.class.getName());

    private final TunnelSettings settings;
    private final TunnelEngine engine;
    private final DeviceInfo deviceInfo;
    private final ServiceRegistration<DeviceMBean> deviceRegistration;

    @Activate
    public TunnelComponent(TunnelConfig config, BundleContext context, @Reference(name = "driver") DeviceDriver driver,
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
        engine = settings.isClient()
                ? new TunClient(settings, device, endpoint, transport)
                : new TunServer(settings, device, endpoint);
        engine.start();
        deviceInfo = new DeviceInfo(device, settings.name(), settings.net(), settings.routes());
        deviceRegistration = registerDevice(context, deviceInfo);
        LOG.log(Level.INFO, "tunnel " + settings.name() + " up: " + getMode() + " on udp " + getListenAddress()
                + (settings.isClient() ? " to " + settings.remote() : "") + ", device " + device.name()
                + " net " + settings.net() + " mtu " + settings.mtu());
    }

    private DatagramEndpoint open(DatagramTransport transport) throws IOException {
        try {
            return transport.open(settings.listen(), settings.remote());
        } catch (IOException | RuntimeException e) {
            LOG.log(Level.ERROR, "tunnel " + settings.name() + " not started: udp " + settings.listen() + ": " + e);
            throw e;
        }
    }

    private static ServiceRegistration<DeviceMBean> registerDevice(BundleContext context, DeviceInfo info) {
        Hashtable<String, Object> props = new Hashtable<>();
        props.put(ManagedObjects.TYPE_PROPERTY, ManagedObjects.TYPE_DEVICE);
        props.put(ManagedObjects.NAME_PROPERTY, info.getName());
        return context.registerService(DeviceMBean.class, info, props);
    }

    @Deactivate
    void deactivate() {
        try {
            deviceRegistration.unregister();
        } catch (IllegalStateException e) {
            // already gone with the stopping bundle
        }
        engine.close();
        LOG.log(Level.INFO, "tunnel " + settings.name() + " down: " + getPacketsFromDevice() + " packets from device, "
                + getPacketsToDevice() + " to device, " + getPacketsForwarded() + " forwarded, drops "
                + Arrays.toString(getDrops()));
    }

    @Override
    public String getName() {
        return settings.name();
    }

    @Override
    public String getState() {
        return "running";
    }

    @Override
    public String[] getAddresses() {
        return deviceInfo.getAddresses();
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

    @Override
    public boolean disconnectPeer(String tunnelIp) {
        return engine.disconnect(IpKey.of(IpNetwork.parse(tunnelIp).address()));
    }

    @Override
    public String addRoute(String cidr) {
        try {
            IpNetwork route = IpNetwork.parse(cidr);
            engine.device.addRoute(route);
            deviceInfo.routes().add(route);
            LOG.log(Level.INFO, "tunnel " + settings.name() + ": route " + route + " added by the operator");
            return "added " + route;
        } catch (IOException | IllegalArgumentException e) {
            return "error: " + e.getMessage();
        }
    }

    @Override
    public String removeRoute(String cidr) {
        try {
            IpNetwork route = IpNetwork.parse(cidr);
            engine.device.removeRoute(route);
            deviceInfo.routes().remove(route);
            LOG.log(Level.INFO, "tunnel " + settings.name() + ": route " + route + " removed by the operator");
            return "removed " + route;
        } catch (IOException | IllegalArgumentException e) {
            return "error: " + e.getMessage();
        }
    }
}
