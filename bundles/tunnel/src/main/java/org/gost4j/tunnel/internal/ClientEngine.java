package org.gost4j.tunnel.internal;

/** What the TUN and TAP clients share: one peer, their server, and when it was last heard. */
abstract class ClientEngine extends TunnelEngine {

    private volatile long lastHeardMillis = System.currentTimeMillis();

    ClientEngine(TunnelSettings settings, TunnelDevice device, Poller.Factory pollers) {
        super(settings, device, pollers);
    }

    /** A datagram came from the server. */
    protected final void heard() {
        lastHeardMillis = System.currentTimeMillis();
    }

    protected final long silentMillis() {
        return System.currentTimeMillis() - lastHeardMillis;
    }

    @Override
    final String[] peers() {
        return new String[] {"server " + PeerTable.format(settings.remote()) + " via "
                + PeerTable.format(endpoint().localAddress()) + ", last heard "
                + silentMillis() + "ms ago"};
    }
}
