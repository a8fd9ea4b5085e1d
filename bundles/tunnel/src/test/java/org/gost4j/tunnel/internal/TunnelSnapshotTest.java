package org.gost4j.tunnel.internal;

import static org.gost4j.tunnel.internal.LoopbackPeers.receive;
import static org.gost4j.tunnel.internal.LoopbackPeers.socket;
import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32;

import org.gost4j.api.auth.Authenticator;
import org.gost4j.api.device.DeviceType;
import org.gost4j.api.device.IpNetwork;
import org.gost4j.api.io.PacketBatch;
import org.gost4j.api.transport.DatagramEndpoint;
import org.gost4j.support.options.TunnelOptions;
import org.junit.After;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/**
 * A server engine's state handed to the next engine through a {@link SnapshotFile}, as when the tunnel bundle is
 * updated: a client that registered once (no keepalive) is still known to the new engine, and the file refuses
 * to be taken by anything but the same configuration.
 */
public class TunnelSnapshotTest {

    private static final String PID = "gost4j.tunnel~service-0";
    private static final String FINGERPRINT = "f1";
    private static final Authenticator AUTHER = (user, password) -> "192.168.123.2".equals(user)
            && "pw12345".equals(password);

    @Rule
    public final TemporaryFolder folder = new TemporaryFolder();

    private final DatagramSocket client;
    private TunnelEngine server;

    public TunnelSnapshotTest() throws IOException {
        client = socket();
    }

    @After
    public void stop() {
        if (server != null) {
            server.close();
        }
        client.close();
    }

    @Test(timeout = 10_000)
    public void aClientThatRegisteredOnceWithTheAutherIsKnownToTheNextEngine() throws Exception {
        QueueDevice device = new QueueDevice();
        server = tunServer(device);
        server.start();
        send(ControlMessage.registration("pw12345", List.of(IpKey.of(InetAddress.getByName("192.168.123.2")))));
        receive(client);
        byte[] packet = bytes(Packets.ipv4("192.168.123.2", "192.168.123.1", 10));
        send(ByteBuffer.wrap(packet));
        assertArrayEquals(packet, device.written());

        Path file = saved(stopServer(), "TunServer");
        QueueDevice nextDevice = new QueueDevice();
        server = tunServer(nextDevice);
        assertTrue(server.restore(SnapshotFile.read(file, PID, FINGERPRINT, "TunServer",
                System.currentTimeMillis(), 30_000)).contains("1 of 1 peers"));
        server.start();

        send(ByteBuffer.wrap(packet)); // no registration: the client does not know the engine changed
        assertArrayEquals("the restored peer's data reaches the device", packet, nextDevice.written());
        byte[] reply = bytes(Packets.ipv4("192.168.123.1", "192.168.123.2", 20));
        nextDevice.injectBurst(reply);
        assertArrayEquals("device packets are routed to the restored peer", reply, receive(client));
        assertEquals(0, server.counters().drops(DropReason.UNAUTHENTICATED));
        // the engine counts a packet just after writing it: wait for the count, then check it is exact
        LoopbackPeers.waitFor(() -> server.counters().packetsToDevice.sum(), 2);
        assertEquals("counters continue", 2, server.counters().packetsToDevice.sum());
    }

    @Test(timeout = 10_000)
    public void aTapServersLearnedMacsAreKnownToTheNextEngine() throws Exception {
        QueueDevice device = new QueueDevice();
        server = tapServer(device);
        server.start();
        send(ByteBuffer.wrap(Frames.frame("ff:ff:ff:ff:ff:ff", "02:00:00:00:00:0a", 40)));
        device.written();

        Path file = saved(stopServer(), "TapServer");
        QueueDevice nextDevice = new QueueDevice();
        server = tapServer(nextDevice);
        assertTrue(server.restore(SnapshotFile.read(file, PID, FINGERPRINT, "TapServer", System.currentTimeMillis(),
                300_000)).contains("1 of 1 MACs"));
        server.start();
        byte[] unicast = Frames.frame("02:00:00:00:00:0a", "02:00:00:00:00:01", 40);
        nextDevice.injectBurst(unicast);
        assertArrayEquals("a unicast frame reaches the client whose MAC was learned before", unicast, receive(client));
        assertEquals(1, server.peerCount());
    }

    @Test(timeout = 10_000)
    public void anEngineServingBothDirectionsOnOneThreadStopsWithoutClosingSoTheNextEngineTakesThemOver()
            throws Exception {
        QueueDevice device = new QueueDevice();
        TunnelSettings settings = settings(DeviceType.TUN, "192.168.123.1/24", "");
        TunnelDevice shared = device.asTunnelDevice();
        org.gost4j.api.transport.DatagramEndpoint endpoint = LoopbackUdp.receivingNow().open(settings.listen(), null);
        server = new TunServer(settings, shared, endpoint, () -> null, FakePoller.factory());
        server.start();
        assertTrue(server.stopForHandOver());

        server = new TunServer(settings, shared, endpoint, () -> null, FakePoller.factory());
        server.start();
        send(ControlMessage.registration("", List.of(IpKey.of(InetAddress.getByName("192.168.123.2")))));
        receive(client);
        byte[] packet = bytes(Packets.ipv4("192.168.123.2", "192.168.123.1", 10));
        send(ByteBuffer.wrap(packet));
        assertArrayEquals("the same device and socket serve the next engine", packet, device.written());
    }

    @Test(timeout = 10_000)
    public void anEngineWhoseEndpointCannotBePolledStillHandsItsDeviceOverAndClosesTheEndpoint() throws Exception {
        QueueDevice device = new QueueDevice();
        TunnelSettings settings = settings(DeviceType.TUN, "192.168.123.1/24", "");
        TunnelDevice shared = device.asTunnelDevice();
        DatagramEndpoint chainLike = LoopbackUdp.withoutDescriptors(new LoopbackUdp().open(settings.listen(), null));
        server = new TunServer(settings, shared, chainLike, () -> null, FakePoller.factory());
        server.start();
        assertTrue("the device's thread waits with a poller", server.stopForHandOver());
        assertFalse("the device stays open for the next engine", device.closed);
        assertFalse("the endpoint, which a thread receives on, is not handed over", server.handsOverEndpoint());
        assertThrows(ClosedChannelException.class, () -> chainLike.receive(PacketBatch.allocate(1, PacketBatch.MAX_PACKET)));

        server = new TunServer(settings, shared, LoopbackUdp.withoutDescriptors(new LoopbackUdp().open(settings.listen(), null)),
                () -> null, FakePoller.factory());
        server.start();
        send(ControlMessage.registration("", List.of(IpKey.of(InetAddress.getByName("192.168.123.2")))));
        receive(client);
        byte[] reply = bytes(Packets.ipv4("192.168.123.1", "192.168.123.2", 20));
        device.injectBurst(reply);
        assertArrayEquals("the same device serves the next engine", reply, receive(client));
    }

    @Test(timeout = 10_000)
    public void anEngineWithAThreadPerDirectionCannotHandOver() throws Exception {
        server = tunServer(new QueueDevice());
        server.start();
        assertTrue("its threads wait in reads only a close ends", !server.stopForHandOver());
    }

    @Test
    public void theFileIsTheOwnersOnlyAndRefusesAnyOtherConfigurationAndAnyDamage() throws Exception {
        Path file = folder.getRoot().toPath().resolve("state/t.state");
        long now = System.currentTimeMillis();
        InetSocketAddress peer = new InetSocketAddress(InetAddress.getByName("10.0.0.2"), 40000);
        TunnelSnapshot snapshot = new TunnelSnapshot(now, Map.of("packetsToDevice", 7L),
                List.of(new TunnelSnapshot.SavedPeer(peer, now, new byte[] {1, 2}, new long[] {1, 2, 3, 4},
                        List.of(IpKey.of(InetAddress.getByName("192.168.123.2"))), false)), List.of(),
                List.of(IpNetwork.parse("10.99.0.0/24"), IpNetwork.parse("fd00:99::/64")));
        SnapshotFile.write(file, PID, FINGERPRINT, "TunServer", snapshot);
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
        TunnelSnapshot read = SnapshotFile.read(file, PID, FINGERPRINT, "TunServer", now, 30_000);
        assertEquals(peer, read.peers().get(0).address());
        assertArrayEquals(new byte[] {1, 2}, read.peers().get(0).acceptedKey());
        assertEquals(7L, (long) read.counters().get("packetsToDevice"));
        assertEquals(snapshot.operatorRoutes(), read.operatorRoutes());

        assertRefused(file, "gost4j.tunnel~other", FINGERPRINT, "TunServer", now);
        assertRefused(file, PID, "changed", "TunServer", now);
        assertRefused(file, PID, FINGERPRINT, "TapServer", now);
        assertRefused(file, PID, FINGERPRINT, "TunServer", now + 31_000); // stale
        byte[] bytes = Files.readAllBytes(file);
        bytes[bytes.length / 2] ^= 1;
        Files.write(file, bytes);
        assertRefused(file, PID, FINGERPRINT, "TunServer", now);
        Files.write(file, Arrays.copyOf(bytes, bytes.length - 20));
        assertRefused(file, PID, FINGERPRINT, "TunServer", now);
        Files.write(file, "not a state at all".getBytes());
        assertRefused(file, PID, FINGERPRINT, "TunServer", now);
    }

    /** A file an older tunnel bundle wrote (format 1, before the operator's routes) is still taken, without routes. */
    @Test
    public void aFileOfTheFirstFormatIsTakenWithoutRoutes() throws Exception {
        Path file = folder.getRoot().toPath().resolve("state/t.state");
        long now = System.currentTimeMillis();
        SnapshotFile.write(file, PID, FINGERPRINT, "TunServer",
                new TunnelSnapshot(now, Map.of("packetsToDevice", 7L), List.of(), List.of(), List.of()));
        byte[] second = Files.readAllBytes(file);
        // format 1 is format 2 without the route count before the checksum
        byte[] first = Arrays.copyOf(second, second.length - 12 + 8);
        ByteBuffer.wrap(first).putShort(4, (short) 1);
        CRC32 crc = new CRC32();
        crc.update(first, 0, first.length - 8);
        ByteBuffer.wrap(first).putLong(first.length - 8, crc.getValue());
        Files.write(file, first);
        TunnelSnapshot read = SnapshotFile.read(file, PID, FINGERPRINT, "TunServer", now, 30_000);
        assertEquals(7L, (long) read.counters().get("packetsToDevice"));
        assertEquals(List.of(), read.operatorRoutes());
    }

    private static void assertRefused(Path file, String pid, String fingerprint, String kind, long now) {
        assertThrows(SnapshotFile.Refused.class, () -> SnapshotFile.read(file, pid, fingerprint, kind, now, 30_000));
    }

    /** Stops the running server, as the tunnel component does before it saves the engine's state. */
    private TunnelEngine stopServer() {
        TunnelEngine stopped = server;
        server = null;
        stopped.close();
        return stopped;
    }

    private Path saved(TunnelEngine stopped, String kind) throws IOException {
        Path file = folder.getRoot().toPath().resolve(kind + ".state");
        SnapshotFile.write(file, PID, FINGERPRINT, kind, stopped.snapshot());
        return file;
    }

    private TunServer tunServer(QueueDevice device) throws IOException {
        TunnelSettings settings = settings(DeviceType.TUN, "192.168.123.1/24", "auther0");
        TunServer engine = new TunServer(settings, device.asTunnelDevice(), new LoopbackUdp().open(settings.listen(),
                null), () -> AUTHER, () -> null);
        return engine;
    }

    private TapServer tapServer(QueueDevice device) throws IOException {
        TunnelSettings settings = settings(DeviceType.TAP, "192.168.124.1/24", "");
        TapServer engine = new TapServer(settings, device.asTunnelDevice(), new LoopbackUdp().open(settings.listen(),
                null), () -> null);
        return engine;
    }

    private static TunnelSettings settings(DeviceType type, String net, String auther) {
        return new TunnelSettings("test", new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), null,
                List.of(IpNetwork.parse(net)), "", 1350, 1500, false, 10_000, List.of(), List.of(), "", false, auther,
                "", type, null, true, TunnelOptions.DEFAULT_MAX_PEERS);
    }

    private void send(ByteBuffer datagram) throws IOException {
        byte[] data = bytes(datagram);
        client.send(new DatagramPacket(data, data.length, server.endpoint().localAddress()));
    }

    private static byte[] bytes(ByteBuffer buffer) {
        byte[] bytes = new byte[buffer.remaining()];
        buffer.duplicate().get(bytes);
        return bytes;
    }
}
