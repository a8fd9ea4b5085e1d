package org.gost4j.transport.udp.internal;

import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.net.StandardSocketOptions;
import java.nio.channels.DatagramChannel;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.gost4j.api.transport.DatagramEndpoint;
import org.gost4j.api.transport.DatagramTransport;
import org.gost4j.support.io.ParkingLot;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;

/**
 * Plain UDP. On Linux each endpoint is a {@link NativeUdpEndpoint} (blocking recvmmsg, UDP GRO and GSO);
 * elsewhere, or with {@code native=false} in configuration {@value #PID}, a JDK {@link DatagramChannel} in
 * blocking mode. Either way the local address decides the family as Go does: IPv6's wildcard {@code ::} takes
 * IPv4 and IPv6, an IPv4 address (its wildcard included) IPv4 only, any other IPv6 address IPv6 only.
 *
 * <p>Immediate: a delayed component would be disposed when its last user (a tunnel being updated) lets go, and
 * with it every endpoint parked for that user's next instance.
 */
@Component(service = DatagramTransport.class, configurationPid = UdpTransport.PID, immediate = true,
        configurationPolicy = ConfigurationPolicy.OPTIONAL,
        property = DatagramTransport.TRANSPORT_PROPERTY + "=udp")
public final class UdpTransport implements DatagramTransport {

    static final String PID = "org.gost4j.transport.udp";
    private static final System.Logger LOG = System.getLogger(UdpTransport.class.getName());

    /** Large socket buffers absorb bursts while a tunnel thread is busy writing to its device. */
    private static final int SOCKET_BUFFER_BYTES = 4 * 1024 * 1024;

    private final Set<DatagramEndpoint> open = ConcurrentHashMap.newKeySet();
    /** Endpoints a tunnel handed back for its next instance, by the addresses they were opened with. */
    private final ParkingLot<List<InetSocketAddress>, DatagramEndpoint> parked =
            new ParkingLot<>("udp-endpoints", DatagramEndpoint::close);
    private volatile boolean nativeSockets;
    private final java.util.concurrent.atomic.AtomicBoolean modeLogged = new java.util.concurrent.atomic.AtomicBoolean();
    private final UdpSyscalls syscalls;

    public UdpTransport() {
        this(isLinux(), UdpSyscalls.best());
    }

    UdpTransport(boolean nativeSockets, UdpSyscalls syscalls) {
        this.nativeSockets = nativeSockets;
        this.syscalls = syscalls;
    }

    @Activate
    void activate(Map<String, Object> properties) {
        Object configured = properties.get("native");
        nativeSockets = isLinux() && (configured == null || Boolean.parseBoolean(configured.toString()));
        modeLogged.set(false);
    }

    /** As JNA's {@code Platform.isLinux()}, without loading JNA where the calls go through JNI. */
    private static boolean isLinux() {
        return System.getProperty("os.name", "").startsWith("Linux");
    }

    @Override
    public DatagramEndpoint open(InetSocketAddress local, InetSocketAddress remote) throws IOException {
        if (modeLogged.compareAndSet(false, true)) {
            logMode();
        }
        DatagramEndpoint kept = parked.take(key(local, remote));
        if (kept != null) {
            LOG.log(System.Logger.Level.INFO, "UDP {0} taken back from parking", kept.localAddress());
            return kept;
        }
        DatagramEndpoint endpoint = nativeSockets
                ? NativeUdpSockets.open(local, remote, SOCKET_BUFFER_BYTES, open::remove, syscalls)
                : openChannel(local, remote);
        open.add(endpoint);
        return endpoint;
    }

    private DatagramEndpoint openChannel(InetSocketAddress local, InetSocketAddress remote) throws IOException {
        InetSocketAddress bindTo = local;
        DatagramChannel channel;
        if (local.getAddress() instanceof Inet4Address) {
            // an IPv6 channel would take IPv6 too, even bound to 0.0.0.0 (the JDK binds :: then)
            channel = DatagramChannel.open(StandardProtocolFamily.INET);
        } else {
            try {
                channel = DatagramChannel.open(StandardProtocolFamily.INET6);
            } catch (UnsupportedOperationException noIpv6) {
                if (!local.getAddress().isAnyLocalAddress()) {
                    throw new IOException("cannot bind UDP " + local + ": this host has no IPv6");
                }
                channel = DatagramChannel.open(StandardProtocolFamily.INET);
                bindTo = new InetSocketAddress(local.getPort()); // every address there is: IPv4's
            }
        }
        try {
            channel.setOption(StandardSocketOptions.SO_RCVBUF, SOCKET_BUFFER_BYTES);
            channel.setOption(StandardSocketOptions.SO_SNDBUF, SOCKET_BUFFER_BYTES);
            channel.bind(bindTo);
            if (remote != null) {
                if (remote.isUnresolved()) {
                    throw new IOException("cannot resolve " + remote.getHostString());
                }
                channel.connect(remote);
            }
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
        return new UdpEndpoint(channel, remote, open::remove);
    }

    /** Said at the first open rather than at activation: the component is immediate, tunnels come later. */
    private void logMode() {
        if (!nativeSockets) {
            LOG.log(System.Logger.Level.INFO, "UDP through JDK datagram channels");
        } else if (syscalls == JniUdpSyscalls.INSTANCE) {
            LOG.log(System.Logger.Level.INFO, "UDP through native Linux sockets (GRO, GSO), calls through JNI");
        } else {
            LOG.log(System.Logger.Level.INFO, "UDP through native Linux sockets (GRO, GSO), calls through JNA ({0})",
                    String.valueOf(JniUdpSyscalls.loadFailure()));
        }
    }

    /** Keeps an endpoint of ours open for the next open with the same addresses (a tunnel bundle's update). */
    @Override
    public void park(DatagramEndpoint endpoint, InetSocketAddress local, InetSocketAddress remote, Duration linger) {
        if (!open.contains(endpoint)) {
            endpoint.close(); // not ours, or closed already
            return;
        }
        parked.park(key(local, remote), endpoint, linger);
    }

    private static List<InetSocketAddress> key(InetSocketAddress local, InetSocketAddress remote) {
        return Arrays.asList(local, remote);
    }

    /** Stopping the bundle releases every socket it opened. */
    @Deactivate
    void deactivate() {
        parked.closeAll();
        open.forEach(DatagramEndpoint::close);
    }
}
