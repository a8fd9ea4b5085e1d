package org.gost4j.tunnel.internal;

import java.io.IOException;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.util.ArrayList;
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
import org.gost4j.api.management.ManagedObjects;
import org.gost4j.api.router.RouteEntry;
import org.gost4j.api.router.Router;
import org.gost4j.api.transport.DatagramEndpoint;
import org.gost4j.api.transport.DatagramTransport;
import org.gost4j.api.tunnel.TunnelMBean;
import org.gost4j.api.tunnel.TunnelPids;
import org.gost4j.api.tunnel.TunnelState;
import org.gost4j.support.options.TunnelOptions;
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
 * One tunnel service per {@code gost4j.tunnel} factory configuration: checks its options
 * ({@link TunnelOptions}, the rules every entry point shares), opens the socket and the device, and starts the
 * server or client engine. Any configuration change restarts it.
 *
 * <p>It is managed through a {@link TunnelManagement} delegate, registered first, so the tunnel is visible as
 * {@code starting} while it opens and as {@code failed} (with the reason, logged in one line) when its options
 * or its socket or device fail: the component stays active then, holding nothing, and is restarted by DS with
 * the next configuration or driver. Its device is published as a {@link DeviceMBean} once open.
 *
 * <p>The auther and the router are dynamic, optional, greedy references (matching nothing unless
 * {@code auther.target} / {@code router.target} is set), so their bundles can stop, update and start while the
 * tunnel runs. While a configured auther is absent, new or changed registrations are refused and counted
 * ({@code auther_absent}) and accepted peers keep working; while a configured router is absent, its routes
 * are not used and are removed from the device, and they come back with it.
 */
@Component(configurationPid = TunnelPids.TUNNEL, configurationPolicy = ConfigurationPolicy.REQUIRE, immediate = true,
        service = {})
@Designate(ocd = TunnelConfig.class, factory = true)
public final class TunnelComponent {

    private static final Logger LOG = System.getLogger(TunnelComponent.class.getName());

    /** How long the driver and transport keep a handed-over device and socket for the next engine. */
    static final java.time.Duration HAND_OVER_LINGER = java.time.Duration.ofSeconds(10);

    /** The default target of the auther and router references: matches no service. */
    private static final String NOTHING = "(!(objectClass=*))";

    /** What a started tunnel holds; released together. */
    record Running(TunnelSettings settings, TunnelDevice device, TunnelEngine engine, RouterDeviceRoutes routerRoutes,
            DeviceInfo deviceInfo) {
    }

    private final String name;
    private final ServiceRegistration<TunnelMBean> management;
    private final Running running;
    /** Where this configuration's peers and counters wait while the component is replaced. */
    private final SavedTunnelState savedState;
    private final DeviceDriver driver;
    private final DatagramTransport transport;
    /** Why the tunnel could not start; null if it did. */
    private final String failure;
    private ServiceRegistration<DeviceMBean> deviceRegistration;
    private volatile boolean started;
    private volatile Authenticator auther;
    private volatile Router router;

    @Activate
    public TunnelComponent(Map<String, Object> properties, BundleContext context,
            @Reference(name = "driver") DeviceDriver driver,
            @Reference(name = "transport", target = "(" + DatagramTransport.TRANSPORT_PROPERTY + "=udp)") DatagramTransport transport) {
        name = displayName(properties);
        this.driver = driver;
        this.transport = transport;
        management = register(context, TunnelMBean.class, new TunnelManagement(this), ManagedObjects.TYPE_SERVICE, name);
        savedState = SavedTunnelState.of(name, properties, context);
        Running opened = null;
        String why = null;
        try {
            opened = open(TunnelOptions.fromProperties(properties), driver, transport);
        } catch (IOException | RuntimeException e) {
            why = e.getMessage() == null ? e.toString() : e.getMessage();
            LOG.log(Level.ERROR, "tunnel " + name + " not started: " + why);
        }
        running = opened;
        failure = why;
        if (running != null) {
            deviceRegistration = register(context, DeviceMBean.class, running.deviceInfo(), ManagedObjects.TYPE_DEVICE,
                    running.deviceInfo().getName());
        }
    }

    /** The configured name, else the PID: a tunnel whose options are broken is still shown under a name. */
    private static String displayName(Map<String, Object> properties) {
        Object configured = properties.get("name");
        return configured instanceof String text && !text.isBlank() ? text.trim()
                : String.valueOf(properties.get("service.pid"));
    }

    /** The socket first (once the device is up, peers may already send); everything opened is released on failure. */
    private Running open(TunnelOptions options, DeviceDriver driver, DatagramTransport transport) throws IOException {
        TunnelSettings settings = TunnelSettings.from(options);
        DatagramEndpoint endpoint;
        try {
            endpoint = transport.open(settings.listen(), settings.remote());
        } catch (IOException e) {
            throw new IOException("listen address '" + options.listen() + "': " + e.getMessage(), e);
        }
        TunnelDevice device;
        try {
            device = TunnelDevice.open(deviceName -> openDevice(driver, settings, deviceName), settings.deviceSpec().name());
        } catch (IOException | RuntimeException e) {
            endpoint.close();
            throw e;
        }
        TunnelEngine engine = engine(settings, device, endpoint, transport);
        List<IpNetwork> savedRoutes = savedState.restoreInto(engine);
        RouterDeviceRoutes routerRoutes = new RouterDeviceRoutes(settings.name(), device, settings.deviceRoutes());
        DeviceInfo deviceInfo = new DeviceInfo(device, settings.name(), settings.net(), settings.deviceRoutes());
        List<IpNetwork> carried = savedRoutes.stream().filter(route -> !deviceInfo.routes().contains(route)).toList();
        deviceInfo.routes().addAll(putOnOperatorRoutes(settings, device, carried));
        device.afterReopen(routerRoutes::reapply);
        device.afterReopen(() -> reapplyOperatorRoutes(settings, device, deviceInfo));
        return new Running(settings, device, engine, routerRoutes, deviceInfo);
    }

    /** Opens the device named {@code deviceName} (as configured, or a failed one's) with the next-hop routes on it. */
    private static TunDevice openDevice(DeviceDriver driver, TunnelSettings settings, String deviceName)
            throws IOException {
        TunDevice opened = driver.open(specNamed(settings, deviceName));
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

    private static DeviceSpec specNamed(TunnelSettings settings, String deviceName) {
        DeviceSpec spec = settings.deviceSpec();
        return new DeviceSpec(deviceName, spec.type(), spec.mtu(), spec.addresses(), spec.routes(), spec.peer(),
                spec.offload());
    }

    /** After a new device replaced a failed one: the routes the operator added go back on it. */
    private static void reapplyOperatorRoutes(TunnelSettings settings, TunnelDevice device, DeviceInfo deviceInfo) {
        putOnOperatorRoutes(settings, device, operatorRoutes(settings, deviceInfo));
    }

    /**
     * Puts routes the operator added on the device: after a new device replaced a failed one, or from the previous
     * component's device. A handed-over device still has those, so a route the device refuses is taken off and put
     * on again; a new device (the driver's update) just gets it.
     *
     * @return the routes now on the device
     */
    private static List<IpNetwork> putOnOperatorRoutes(TunnelSettings settings, TunnelDevice device,
            List<IpNetwork> routes) {
        List<IpNetwork> on = new ArrayList<>(routes.size());
        for (IpNetwork route : routes) {
            try {
                addOrPutBack(device.current(), route);
                on.add(route);
            } catch (IOException | RuntimeException e) {
                LOG.log(Level.WARNING, "tunnel " + settings.name() + ": route " + route + " not restored: " + e);
            }
        }
        return on;
    }

    private static void addOrPutBack(TunDevice device, IpNetwork route) throws IOException {
        try {
            device.addRoute(route);
        } catch (IOException present) {
            device.removeRoute(route);
            device.addRoute(route);
        }
    }

    /** The routes an operator added over JMX while the tunnel ran, beyond the configured ones. */
    private static List<IpNetwork> operatorRoutes(TunnelSettings settings, DeviceInfo deviceInfo) {
        return deviceInfo.routes().stream().filter(route -> !settings.deviceRoutes().contains(route)).toList();
    }

    /** After the dynamic references are bound, so a configured auther is in place for the first registration. */
    @Activate
    void start() {
        if (running == null) {
            return;
        }
        TunnelSettings settings = running.settings();
        running.engine().start();
        started = true;
        LOG.log(Level.INFO, "tunnel " + name + " up: " + settings.type() + " " + (settings.isClient() ? "client"
                : "server") + " on udp " + PeerTable.format(running.engine().endpoint().localAddress())
                + (settings.isClient() ? " to " + PeerTable.format(settings.remote()) : "") + ", device " + running.device().current().name()
                + " net " + settings.net() + " mtu " + settings.mtu()
                + (settings.hasAuther() ? ", auther " + settings.autherName() + (auther == null ? " (absent)" : "") : "")
                + (settings.hasRouter() ? ", router " + settings.routerName() + (router == null ? " (absent)" : "") : "")
                + (settings.p2p() ? ", p2p" : ""));
    }

    @Reference(name = "auther", cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY, target = NOTHING)
    void bindAuther(Authenticator service) {
        auther = service;
        LOG.log(Level.INFO, "tunnel " + name + ": auther " + service + " present");
    }

    void unbindAuther(Authenticator service) {
        if (auther == service) {
            auther = null;
            LOG.log(Level.WARNING, "tunnel " + name + ": " + service
                    + " absent, new registrations are refused until it returns");
        }
    }

    @Reference(name = "router", cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY, target = NOTHING)
    void bindRouter(Router service) {
        router = service;
        useRouter(service);
        LOG.log(Level.INFO, "tunnel " + name + ": " + service + " present, routes " + service.routes());
    }

    void unbindRouter(Router service) {
        if (router == service) {
            router = null;
            useRouter(null);
            LOG.log(Level.WARNING, "tunnel " + name + ": " + service + " absent, its routes are not used until it returns");
        }
    }

    /** Points the server at the router's routes and makes the device carry exactly their networks. */
    private void useRouter(Router service) {
        // DS binds a target-matched router during construction, before running is set: start() is not yet due then
        Running tunnel = running;
        if (tunnel == null) {
            return;
        }
        if (tunnel.engine() instanceof TunServer server) {
            server.useRouter(service);
        }
        tunnel.routerRoutes().use(service == null ? List.of() : service.routes());
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

    private static <T> ServiceRegistration<T> register(BundleContext context, Class<T> type, T service,
            String mbeanType, String mbeanName) {
        Hashtable<String, Object> props = new Hashtable<>();
        props.put(ManagedObjects.TYPE_PROPERTY, mbeanType);
        props.put(ManagedObjects.NAME_PROPERTY, mbeanName);
        return context.registerService(type, service, props);
    }

    /**
     * Stops the tunnel; if the component goes because its bundle stops (an update) or its driver or transport
     * went (their update), the stopped engine's peers and counters are saved for the next one, and its device and
     * socket are handed back to their owners for it: the one whose bundle stops closes its own (a driver's update
     * makes a new device, a transport's a new socket), the other is taken back as it is.
     */
    @Deactivate
    void deactivate(int reason) {
        unregister(deviceRegistration);
        unregister(management);
        if (running == null) {
            return;
        }
        running.routerRoutes().close();
        boolean handsOver = SavedTunnelState.handsOver(reason);
        boolean keepsDeviceAndSocket = handsOver && running.engine().stopForHandOver();
        if (!keepsDeviceAndSocket) {
            running.engine().close();
        }
        if (handsOver) {
            savedState.save(running.engine(), operatorRoutes(running.settings(), running.deviceInfo()));
        }
        if (keepsDeviceAndSocket) {
            handOver(running);
        }
        TunnelCounters counters = running.engine().counters();
        LOG.log(Level.INFO, "tunnel " + name + " down: " + counters.packetsFromDevice.sum() + " packets from device, "
                + counters.packetsToDevice.sum() + " to device, " + counters.packetsForwarded.sum() + " forwarded, "
                + running.engine().peers().length + " peers, drops " + Arrays.toString(counters.dropSummary()));
    }

    /**
     * Gives the open device and socket (if the engine kept it open) back to their driver and transport, which
     * keep them for {@link #HAND_OVER_LINGER}: the next component of this configuration opens the same ones, so
     * nothing the kernel queued meanwhile is lost and the interface never goes away. The next-hop routes of the
     * configuration go first (the next one adds them again); the device keeps its addresses, its own routes and
     * those the operator added (they go to the next component with the saved state).
     */
    private void handOver(Running tunnel) {
        TunnelSettings settings = tunnel.settings();
        TunDevice device = tunnel.device().current();
        for (RouteEntry route : settings.nextHopRoutes()) {
            removeRoute(device, route.network());
        }
        driver.park(device, settings.deviceSpec(), HAND_OVER_LINGER);
        boolean withSocket = tunnel.engine().handsOverEndpoint();
        if (withSocket) {
            transport.park(tunnel.engine().endpoint(), settings.listen(), settings.remote(), HAND_OVER_LINGER);
        }
        LOG.log(Level.INFO, "tunnel " + name + ": device " + device.name() + (withSocket ? " and its socket" : "")
                + " handed over to the next engine");
    }

    private void removeRoute(TunDevice device, IpNetwork route) {
        try {
            device.removeRoute(route);
        } catch (IOException | RuntimeException e) {
            LOG.log(Level.WARNING, "tunnel " + name + ": route " + route + " not removed before the hand-over: " + e);
        }
    }

    private static void unregister(ServiceRegistration<?> registration) {
        if (registration == null) {
            return;
        }
        try {
            registration.unregister();
        } catch (IllegalStateException e) {
            // already gone with the stopping bundle
        }
    }

    String name() {
        return name;
    }

    /** Null while starting and once failed. */
    Running running() {
        return started ? running : null;
    }

    TunnelState state() {
        if (failure != null) {
            return TunnelState.FAILED;
        }
        return started ? running.engine().state() : TunnelState.STARTING;
    }

    String lastError() {
        if (failure != null) {
            return failure;
        }
        return started ? running.engine().failure() : "";
    }
}
