package org.gost4j.tunnel.internal;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.List;

import org.gost4j.api.device.IpNetwork;
import org.gost4j.api.transport.DatagramEndpoint;
import org.gost4j.api.transport.DatagramTransport;
import org.gost4j.api.tunnel.TunnelState;

/**
 * GOST v3 TUN client. Registers its tunnel IPs with the server; with keepalive it repeats that every ttl and,
 * when the server has been silent for three ttl, reopens its socket (a new source port) as GOST does, which is
 * how it comes back after a server restart.
 */
final class TunClient extends ClientEngine {

    private static final int SILENT_PERIODS_BEFORE_RECONNECT = 3;

    private final DatagramTransport transport;
    private final ByteBuffer registration;
    private final Object lifecycle = new Object();
    private volatile DatagramEndpoint endpoint;

    TunClient(TunnelSettings settings, TunnelDevice device, DatagramEndpoint endpoint, DatagramTransport transport,
            Poller.Factory pollers) {
        super(settings, device, pollers);
        this.transport = transport;
        List<IpKey> addresses = settings.net().stream().map(IpNetwork::address).map(IpKey::of).toList();
        this.registration = ControlMessage.registration(settings.passphrase(), addresses);
        this.endpoint = endpoint;
    }

    /** Registers before the packets thread starts: see {@link #registerThenUse}. */
    @Override
    void start() {
        registerThenUse(endpoint);
        super.start();
        if (settings.keepalive()) {
            startThread("keepalive", this::keepalive);
        }
    }

    @Override
    protected DatagramEndpoint endpoint() {
        return endpoint;
    }

    @Override
    protected void fromDevice(ByteBuffer packet, IpKey probe) {
        send(packet, settings.remote());
    }

    @Override
    protected void fromNetwork(ByteBuffer datagram, InetSocketAddress sender, IpKey probe) {
        heard();
        changeState(TunnelState.RECONNECTING, TunnelState.UP);
        if (ControlMessage.startsWithMagic(datagram)) {
            return; // the server's registration reply: it only proves the server is alive
        }
        if (acceptable(datagram)) {
            writeToDevice(datagram);
        }
    }

    private void keepalive() {
        long ttl = settings.ttlMillis();
        while (awaitPeriod(ttl)) {
            boolean reconnected = silentMillis() > SILENT_PERIODS_BEFORE_RECONNECT * ttl && reconnect();
            if (!reconnected) {
                register(endpoint);
            }
            events.flush();
        }
    }

    /**
     * Registers through {@code next}, and only then makes it the endpoint the packets thread sends through: a
     * server with an auther drops data that reaches it before the registration. At start a handed-over device may
     * hold packets queued while the previous engine stopped; at a reconnect the packets thread is sending.
     */
    private void registerThenUse(DatagramEndpoint next) {
        register(next);
        endpoint = next;
    }

    private void register(DatagramEndpoint through) {
        sendThrough(through, registration.duplicate(), settings.remote());
    }

    /** @return whether a new endpoint, registered, is in place */
    private boolean reconnect() {
        synchronized (lifecycle) {
            if (!running) {
                return false;
            }
            DatagramEndpoint previous = endpoint;
            boolean fixedPort = settings.listen().getPort() != 0;
            if (fixedPort) {
                previous.close(); // the new socket needs the same port
            }
            try {
                registerThenUse(transport.open(settings.listen(), settings.remote()));
            } catch (IOException e) {
                log.log(Level.WARNING, settings.name() + ": reopening the socket to " + settings.remote() + " failed: " + e);
                return false;
            }
            if (!fixedPort) {
                previous.close(); // after the swap, so the receiver picks up the new endpoint at once
            }
            heard();
            changeState(TunnelState.UP, TunnelState.RECONNECTING);
            log.log(Level.INFO, settings.name() + ": server " + PeerTable.format(settings.remote())
                    + " silent, reconnected from " + PeerTable.format(endpoint.localAddress()));
            return true;
        }
    }

    @Override
    protected void closeEndpoint() {
        synchronized (lifecycle) {
            endpoint.close();
        }
    }
}
