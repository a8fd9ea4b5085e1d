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

    /**
     * Where writes bring no answer (a ping's reply written on the client), reading the device after each would be a
     * system call that finds nothing every time: after a few such reads the engine reads after every
     * {@link TunnelEngine#LOOK_FOR_ANSWERS_EVERY}th write only, and after every write again once one finds an answer.
     */
    @Test(timeout = 30_000)
    public void whereWritesBringNoAnswerTheDeviceIsReadAfterThemOnlyNowAndThen() throws Exception {
        device.calls = calls;
        start();
        int pauseAfter = TunnelEngine.ANSWERS_MISSED_BEFORE_PAUSE;
        int every = TunnelEngine.LOOK_FOR_ANSWERS_EVERY;
        List<String> expected = new ArrayList<>();
        for (int i = 0; i < pauseAfter; i++) {
            expected.add("read 0");
        }
        for (int i = 1; i < every; i++) {
            expected.add("wait");
        }
        expected.add("read 0");
        int quiet = expected.size();
        for (int i = 1; i < every; i++) {
            expected.add("wait"); // answered, but found by the next wait
        }
        expected.add("read 1");
        expected.add("read 1");
        byte[] answer = Frames.frame(SERVER, CLIENT, 20);
        for (int i = 0; i < expected.size(); i++) {
            if (i == quiet) {
                device.answer = written -> answer;
            }
            byte[] frame = Frames.frame(CLIENT, SERVER, 100);
            server.send(new DatagramPacket(frame, frame.length, client.endpoint().localAddress()));
            assertArrayEquals("frame " + i + " reaches the device", frame, device.written());
            if (i >= quiet) {
                assertArrayEquals("its answer reaches the server", answer, receive(server));
            }
        }
        assertEquals(expected, callsAfterEachWrite(expected.size()));
    }

    /** What the engine did right after each of the first {@code writes} writes to the device. */
    private List<String> callsAfterEachWrite(int writes) throws InterruptedException {
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (true) {
            List<String> seen;
            synchronized (calls) {
                seen = List.copyOf(calls);
            }
            List<String> after = new ArrayList<>();
            for (int i = 0; i + 1 < seen.size() && after.size() < writes; i++) {
                if (seen.get(i).equals("write")) {
                    after.add(seen.get(i + 1));
                }
            }
            if (after.size() == writes || System.nanoTime() > deadline) {
                return after;
            }
            Thread.sleep(10);
        }
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
