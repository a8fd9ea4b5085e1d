package org.gost4j.transport.udp.internal;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.channels.DatagramChannel;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.gost4j.api.transport.DatagramEndpoint;
import org.gost4j.api.transport.DatagramTransport;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;

/** Plain UDP: each endpoint is one JDK {@link DatagramChannel} in blocking mode. */
@Component(service = DatagramTransport.class, property = DatagramTransport.TRANSPORT_PROPERTY + "=udp")
public final class UdpTransport implements DatagramTransport {

    /** Large socket buffers absorb bursts while a tunnel thread is busy writing to its device. */
    private static final int SOCKET_BUFFER_BYTES = 4 * 1024 * 1024;

    private final Set<UdpEndpoint> open = ConcurrentHashMap.newKeySet();

    @Override
    public DatagramEndpoint open(InetSocketAddress local, InetSocketAddress remote) throws IOException {
        DatagramChannel channel = DatagramChannel.open();
        try {
            channel.setOption(StandardSocketOptions.SO_RCVBUF, SOCKET_BUFFER_BYTES);
            channel.setOption(StandardSocketOptions.SO_SNDBUF, SOCKET_BUFFER_BYTES);
            channel.bind(local);
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
        UdpEndpoint endpoint = new UdpEndpoint(channel, remote, open::remove);
        open.add(endpoint);
        return endpoint;
    }

    /** Stopping the bundle releases every socket it opened. */
    @Deactivate
    void deactivate() {
        open.forEach(UdpEndpoint::close);
    }
}
