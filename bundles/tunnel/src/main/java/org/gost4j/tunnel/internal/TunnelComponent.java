package org.gost4j.tunnel.internal;

import java.io.IOException;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.util.Arrays;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;

import org.gost4j.api.auth.Authenticator;
import org.gost4j.api.device.DeviceDriver;
import org.gost4j.api.device.DeviceMBean;
import org.gost4j.api.device.DeviceSpec;
import org.gost4j.api.device.DeviceType;
import org.gost4j.api.device.IpNetwork;
import org.gost4j.api.device.TunDevice;
import org.gost4j.api.router.RouteEntry;
import org.gost4j.api.router.Router;
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
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.metatype.annotations.Designate;

/**
 * One tunnel service per {@code gost4j.tunnel} factory configuration: opens the device, starts the server or
 * client engine, and publishes itself as a {@link TunnelMBean}. Any configuration change restarts it.
 *
 * <p>The auther and the router are dynamic, optional, greedy references (matching nothing unless
 * {@code auther.target} / {@code router.target} is set), so their bundles can stop, update and start while the
 * tunnel runs. While a configured auther is absent, new or changed registrations are refused and counted
 * ({@code auther_absent}) and accepted peers keep working; while a configured router is absent, its routes
 * are not used and are removed from the device, and they come back with it.
 *
 * <p>Its device is published as a {@link DeviceMBean}; the management bundle turns both into MBeans.
 */
@Component(configurationPid = TunnelPids.TUNNEL, configurationPolicy = ConfigurationPolicy.REQUIRE, immediate = true,
        service = TunnelMBean.class, property = ManagedObjects.TYPE_PROPERTY + "=" + ManagedObjects.TYPE_SERVICE)
@Designate(ocd = TunnelConfig.class, factory = true)
public final class TunnelComponent implements TunnelMBean {

    private static final Logger LOG = System.getLogger(TunnelComponent.class.getName());

    /** The default target of the auther and router references: matches no service. */
    private static final String NOTHING = "(!(objectClass=*))";

    private final TunnelSettings settings;
    private final TunnelDevice device;
    private final TunnelEngine engine;
    private volatile Authenticator auther;
    private volatile Router router;
    private final RouterDeviceRoutes routerRoutes;
    private final DeviceInfo deviceInfo;
    private final ServiceRegistration<DeviceMBean> deviceRegistration;

    @Activate
    public TunnelComponent(TunnelConfig config, Map<String, Object> properties, BundleContext context,
            @Reference(name = "driver") DeviceDriver driver,
            @Reference(name = "transport", target = "(" + DatagramTransport.TRANSPORT_PROPERTY + "=udp)") DatagramTransport transport)
            throws IOException {
        try {
            settings = TunnelSettings.from(config);
            requireTarget(settings.autherName(), "auther", properties);
            requireTarget(settings.routerName(), "router", properties);
        } catch (IllegalArgumentException e) {
            LOG.log(Level.ERROR, "tunnel " + config.name() + " not started: " + e.getMessage());
            throw e;
        }
        // The socket first: once the device is up, peers may already send.
        DatagramEndpoint endpoint = open(transport);
        try {
            device = TunnelDevice.open(name -> openDevice(driver, name), settings.deviceSpec().name());
        } catch (IOException | RuntimeException e) {
            endpoint.close();
            LOG.log(Level.ERROR, "tunnel " + settings.name() + " not started: " + e.getMessage());
            throw e;
        }
        engine = engine(settings, device, endpoint, transport);
        routerRoutes = new RouterDeviceRoutes(settings.name(), device, settings.deviceRoutes());
        deviceInfo = new DeviceInfo(device, settings.name(), settings.net(), settings.deviceRoutes());
        device.afterReopen(routerRoutes::reapply);
        device.afterReopen(this::reapplyOperatorRoutes);
        deviceRegistration = registerDevice(context, deviceInfo);
    }

    /** Opens the device named {@code name} (as configured, or a failed one's) with the next-hop routes on it. */
    private TunDevice openDevice(DeviceDriver driver, String name) throws IOException {
        DeviceSpec spec = settings.deviceSpec();
        TunDevice opened = driver.open(new DeviceSpec(name, spec.type(), spec.mtu(), spec.addresses(), spec.routes(),
                spec.peer(), spec.offload()));
        for (RouteEntry route : settings.nextHopRoutes()) {
            try {
                opened.addRoute(route.network(), route.gateway());
            } catch (IOException | RuntimeException e) {
                opened.close();
                throw e;
            }
        }
        return opened;
    }

    /** After a new device replaced a failed one: the routes the operator added go back on it. */
    private void reapplyOperatorRoutes() {
        for (IpNetwork route : deviceInfo.routes()) {
            if (!settings.deviceRoutes().contains(route)) {
                try {
                    device.current().addRoute(route);
                } catch (IOException | RuntimeException e) {
                    LOG.log(Level.WARNING, "tunnel " + settings.name() + ": route " + route + " not restored: " + e);
                }
            }
        }
    }

    /** A name without a target would silently match nothing: refuse it with the property to add. */
    private static void requireTarget(String name, String reference, Map<String, Object> properties) {
        if (!name.isEmpty() && !properties.containsKey(reference + ".target")) {
            throw new IllegalArgumentException(reference + " '" + name + "' needs " + reference + ".target=(name="
                    + name + ")");
        }
    }

    /** After the dynamic references are bound, so a configured auther is in place for the first registration. */
    @Activate
    void start() {
        engine.start();
        LOG.log(Level.INFO, "tunnel " + settings.name() + " up: " + settings.type() + " " + getMode() + " on udp "
                + getListenAddress()
                + (settings.isClient() ? " to " + settings.remote() : "") + ", device " + getDevice()
                + " net " + settings.net() + " mtu " + settings.mtu()
                + (settings.hasAuther() ? ", auther " + settings.autherName() + (auther == null ? " (absent)" : "") : "")
                + (settings.hasRouter() ? ", router " + settings.routerName() + (router == null ? " (absent)" : "") : "")
                + (settings.p2p() ? ", p2p" : ""));
    }

    @Reference(name = "auther", cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY, target = NOTHING)
    void bindAuther(Authenticator service) {
        auther = service;
        LOG.log(Level.INFO, "tunnel " + settings.name() + ": auther " + settings.autherName() + " present");
    }

    void unbindAuther(Authenticator service) {
        if (auther == service) {
            auther = null;
            LOG.log(Level.WARNING, "tunnel " + settings.name() + ": auther " + settings.autherName()
                    + " absent, new registrations are refused until it returns");
        }
    }

    @Reference(name = "router", cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY, target = NOTHING)
    void bindRouter(Router service) {
        router = service;
        useRouter(service);
        LOG.log(Level.INFO, "tunnel " + settings.name() + ": router " + settings.routerName() + " present, routes "
                + service.routes());
    }

    void unbindRouter(Router service) {
        if (router == service) {
            router = null;
            useRouter(null);
            LOG.log(Level.WARNING, "tunnel " + settings.name() + ": router " + settings.routerName()
                    + " absent, its routes are not used until it returns");
        }
    }

    /** Points the server at the router's routes and makes the device carry exactly their networks. */
    private void useRouter(Router service) {
        if (engine instanceof TunServer server) {
            server.useRouter(service);
        }
        routerRoutes.use(service == null ? List.of() : service.routes());
    }

    private TunnelEngine engine(TunnelSettings settings, TunnelDevice device, DatagramEndpoint endpoint,
            DatagramTransport transport) {
        Poller.Factory pollers = Poller.system();
        if (settings.type() == DeviceType.TAP) {
            return settings.isClient()
                    ? new TapClient(settings, device, endpoint, pollers)
                    : new TapServer(settings, device, endpoint, pollers);
        }
        return settings.isClient()
                ? new TunClient(settings, device, endpoint, transport, pollers)
                : new TunServer(settings, device, endpoint, () -> auther, pollers);
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
        routerRoutes.close();
        try {
            deviceRegistration.unregister();
        } catch (IllegalStateException e) {
            // already gone with the stopping bundle
        }
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
    public String getState() {
        return engine.stateName();
    }

    @Override
    public long getDeviceFailures() {
        return engine.counters().deviceFailures.sum();
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
        return device.current().name();
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
            device.current().addRoute(route);
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
            device.current().removeRoute(route);
            deviceInfo.routes().remove(route);
            LOG.log(Level.INFO, "tunnel " + settings.name() + ": route " + route + " removed by the operator");
            return "removed " + route;
        } catch (IOException | IllegalArgumentException e) {
            return "error: " + e.getMessage();
        }
    }
}
