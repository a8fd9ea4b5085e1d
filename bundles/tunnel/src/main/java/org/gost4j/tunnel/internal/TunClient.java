package org.gost4j.tunnel.internal;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.List;

import org.gost4j.api.device.IpNetwork;
import org.gost4j.api.device.TunDevice;
import org.gost4j.api.transport.DatagramEndpoint;
import org.gost4j.api.transport.DatagramTransport;
import org.gost4j.api.tunnel.TunnelState;

/**
 * GOST v3 TUN client. Registers its tunnel IPs with the server; with keepalive it repeats that every ttl and,
 * when the server has been silent for three ttl, reopens its socket (a new source port) as GOST does, which is
 * how it comes back after a server restart.
 */
final class TunClient extends TunnelEngine {

    private static final int SILENT_PERIODS_BEFORE_RECONNECT = 3;

    private final DatagramTransport transport;
    private final ByteBuffer registration;
    private final Object lifecycle = new Object();
    private volatile DatagramEndpoint endpoint;
    private volatile long lastHeardMillis;
    /** False from a reconnect until the server is heard again. */
    private volatile boolean heardSinceReconnect = true;

    TunClient(TunnelSettings settings, TunDevice device, DatagramEndpoint endpoint, DatagramTransport transport) {
        super(settings, device);
        this.transport = transport;
        List<IpKey> addresses = settings.net().stream().map(IpNetwork::address).map(IpKey::of).toList();
        this.registration = ControlMessage.registration(settings.passphrase(), addresses);
        this.endpoint = endpoint;
        this.lastHeardMillis = System.currentTimeMillis();
    }

    @Override
    void start() {
        super.start();
        startThread("keepalive", this::keepalive);
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
    protected void fromDeviceSegments(ByteBuffer segments, int segmentSize, IpKey probe) {
        send(segments, segmentSize, settings.remote());
    }

    @Override
    protected void fromNetwork(ByteBuffer datagram, InetSocketAddress sender, IpKey probe) {
        lastHeardMillis = System.currentTimeMillis();
        if (!heardSinceReconnect) {
            heardSinceReconnect = true;
        }
        if (ControlMessage.startsWithMagic(datagram)) {
            return; // the server's registration reply: it only proves the server is alive
        }
        if (acceptable(datagram)) {
            writeToDevice(datagram);
        }
    }

    private void keepalive() {
        register();
        if (!settings.keepalive()) {
            return;
        }
        long ttl = settings.ttlMillis();
        while (awaitPeriod(ttl)) {
            if (System.currentTimeMillis() - lastHeardMillis > SILENT_PERIODS_BEFORE_RECONNECT * ttl) {
                reconnect();
            }
            register();
        }
    }

    private void register() {
        send(registration.duplicate(), settings.remote());
    }

    private void reconnect() {
        synchronized (lifecycle) {
            if (!running) {
                return;
            }
            DatagramEndpoint previous = endpoint;
            boolean fixedPort = settings.listen().getPort() != 0;
            if (fixedPort) {
                previous.close(); // the new socket needs the same port
            }
            try {
                endpoint = transport.open(settings.listen(), settings.remote());
            } catch (IOException e) {
                log.log(Level.WARNING, settings.name() + ": reopening the socket to " + settings.remote() + " failed: " + e);
                return;
            }
            if (!fixedPort) {
                previous.close(); // after the swap, so the receiver picks up the new endpoint at once
            }
            lastHeardMillis = System.currentTimeMillis();
            heardSinceReconnect = false;
            log.log(Level.INFO, settings.name() + ": server " + settings.remote() + " silent, reconnected from "
                    + endpoint.localAddress());
        }
    }

    /** Reconnecting while the server has been silent too long, or not heard since the last reconnect. */
    @Override
    TunnelState state() {
        boolean silent = settings.keepalive()
                && System.currentTimeMillis() - lastHeardMillis > SILENT_PERIODS_BEFORE_RECONNECT * settings.ttlMillis();
        return silent || !heardSinceReconnect ? TunnelState.RECONNECTING : TunnelState.UP;
    }

    @Override
    String[] peers() {
        return new String[] {"server " + settings.remote() + " via " + endpoint.localAddress() + ", last heard "
                + (System.currentTimeMillis() - lastHeardMillis) + "ms ago"};
    }

    @Override
    protected void closeEndpoint() {
        synchronized (lifecycle) {
            endpoint.close();
        }
    }
}
