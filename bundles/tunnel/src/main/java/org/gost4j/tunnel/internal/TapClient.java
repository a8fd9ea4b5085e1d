package org.gost4j.tunnel.internal;

import java.net.InetSocketAddress;
import java.nio.ByteBuffer;

import org.gost4j.api.transport.DatagramEndpoint;

/**
 * GOST v3 TAP client: every frame from the device goes to the server, every valid frame from the server to
 * the device. There is no registration and no keepalive in GOST's TAP mode; the server learns this client
 * from the source MACs of its frames, and the socket keeps its port, so a restarted server relearns it.
 */
final class TapClient extends ClientEngine {

    private final DatagramEndpoint endpoint;

    TapClient(TunnelSettings settings, TunnelDevice device, DatagramEndpoint endpoint, Poller.Factory pollers) {
        super(settings, device, pollers);
        this.endpoint = endpoint;
    }

    @Override
    protected DatagramEndpoint endpoint() {
        return endpoint;
    }

    @Override
    protected DropReason check(ByteBuffer frame) {
        return EthernetFrames.check(frame, settings.mtu());
    }

    @Override
    protected void fromDevice(ByteBuffer frame, IpKey unused) {
        send(frame, settings.remote());
    }

    @Override
    protected void fromNetwork(ByteBuffer frame, InetSocketAddress sender, IpKey unused) {
        heard();
        if (acceptable(frame)) {
            writeToDevice(frame);
        }
    }

    @Override
    protected void closeEndpoint() {
        endpoint.close();
    }
}
