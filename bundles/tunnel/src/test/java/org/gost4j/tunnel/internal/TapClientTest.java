package org.gost4j.tunnel.internal;

import static org.gost4j.tunnel.internal.LoopbackPeers.receive;
import static org.gost4j.tunnel.internal.LoopbackPeers.socket;
import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import org.gost4j.api.device.DeviceType;
import org.gost4j.api.device.IpNetwork;
import org.gost4j.api.transport.DatagramEndpoint;
import org.gost4j.support.options.TunnelOptions;
import org.junit.After;
import org.junit.Test;

/** The TAP client engine on a real loopback UDP socket, with an in-memory device, one thread serving both. */
public class TapClientTest {

    private static final String CLIENT = "02:00:00:00:00:0c";
    private static final String SERVER = "02:00:00:00:00:01";

    private final List<String> calls = Collections.synchronizedList(new ArrayList<>());
    private final QueueDevice device = new QueueDevice();
    private DatagramSocket server;
    private TapClient client;

    @After
    public void stop() {
        if (client != null) {
            client.close();
        }
        if (server != null) {
            server.close();
        }
    }

    /**
     * The kernel answers what is written to a device at once (a TCP acknowledgement for the data, the data an
     * acknowledgement lets go): the answer is read and sent in the same round, not left until the next wait and
     * the next receive, which would hold back every acknowledgement of a TCP stream by a round.
     */
    @Test(timeout = 20_000)
    public void theDevicesAnswerToAWriteLeavesBeforeTheNextWait() throws Exception {
        byte[] answer = Frames.frame(SERVER, CLIENT, 20);
        device.answer = written -> answer;
        device.calls = calls;
        start();
        byte[] frame = Frames.frame(CLIENT, SERVER, 100);
        server.send(new DatagramPacket(frame, frame.length, client.endpoint().localAddress()));
        assertArrayEquals("the frame reaches the device", frame, device.written());
        assertArrayEquals("its answer reaches the server", answer, receive(server));
        List<String> seen;
        synchronized (calls) {
            seen = List.copyOf(calls);
        }
        int write = seen.indexOf("write");
        assertTrue(seen.toString(), write >= 0 && write + 1 < seen.size());
        assertEquals("after the write, the device is read before the thread waits: " + seen, "read 1",
                seen.get(write + 1));
    }

    private void start() throws Exception {
        server = socket();
        InetAddress loopback = InetAddress.getLoopbackAddress();
        TunnelSettings settings = new TunnelSettings("test", new InetSocketAddress(loopback, 0),
                (InetSocketAddress) server.getLocalSocketAddress(), List.of(IpNetwork.parse("192.168.124.2/24")), "",
                1350, 1500, false, 10_000, List.of(), List.of(), "", false, "", "", DeviceType.TAP, null, true,
                TunnelOptions.DEFAULT_MAX_PEERS);
        DatagramEndpoint endpoint = LoopbackUdp.receivingNow().open(settings.listen(), null);
        client = new TapClient(settings, device.asTunnelDevice(), endpoint,
                FakePoller.reporting(() -> !device.toEngine.isEmpty(), calls));
        client.start();
    }
}
