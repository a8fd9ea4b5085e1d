package org.gost4j.device.linux.internal;

import static org.gost4j.device.linux.internal.RtnetlinkMessagesTest.net;
import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.io.DataInputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import org.gost4j.api.device.DeviceSpec;
import org.gost4j.api.device.DeviceType;
import org.gost4j.api.device.TunDevice;
import org.junit.After;
import org.junit.Assume;
import org.junit.Before;
import org.junit.BeforeClass;
import org.junit.Test;

/**
 * A TCP transfer between two namespaces whose only link is a pair of TUN devices relayed by this test, as a
 * tunnel would relay them: with offloads the sender's kernel hands over super-packets, which the device must
 * split into valid wire packets (the receiving kernel verifies every checksum, and so does the relay).
 */
public class OffloadTransferTest {

    private static final int MTU = 1350;
    private static final int BYTES = 24 * 1024 * 1024;

    private NetworkNamespace left;
    private NetworkNamespace right;
    private LinuxDeviceDriver driver;

    @BeforeClass
    public static void requireRootAndTun() {
        Assume.assumeTrue("needs root", NetworkNamespace.Setns.geteuid() == 0);
        Assume.assumeTrue("needs /dev/net/tun", Files.exists(Path.of(TunFile.CLONE_DEVICE)));
    }

    @Before
    public void createNamespaces() throws Exception {
        long pid = ProcessHandle.current().pid();
        left = new NetworkNamespace("g4jofl-" + pid);
        right = new NetworkNamespace("g4jofr-" + pid);
        driver = new LinuxDeviceDriver();
    }

    @After
    public void deleteNamespaces() throws Exception {
        try {
            driver.deactivate();
        } finally {
            left.close();
            right.close();
        }
    }

    @Test(timeout = 60_000)
    public void tcpThroughOffloadingDevicesArrivesIntact() throws Exception {
        Relayed relayed = transfer(true);
        assertTrue("the kernel handed over super-packets: " + relayed.superPackets, relayed.superPackets > 0);
    }

    @Test(timeout = 60_000)
    public void tcpThroughPlainDevicesArrivesIntact() throws Exception {
        Relayed relayed = transfer(false);
        assertEquals(0, relayed.superPackets);
    }

    private record Relayed(long superPackets) {
    }

    private Relayed transfer(boolean offload) throws Exception {
        TunDevice a = left.call(() -> driver.open(
                new DeviceSpec("g4joffa", DeviceType.TUN, MTU, List.of(net("10.82.0.1", 24)), List.of(), null, offload)));
        TunDevice b = right.call(() -> driver.open(
                new DeviceSpec("g4joffb", DeviceType.TUN, MTU, List.of(net("10.82.0.2", 24)), List.of(), null, offload)));
        AtomicInteger badPackets = new AtomicInteger();
        AtomicLong longest = new AtomicLong();
        CompletableFuture<Throwable> ab = relay(a, b, badPackets, longest);
        CompletableFuture<Throwable> ba = relay(b, a, badPackets, longest);

        byte[] data = new byte[BYTES];
        new Random(3).nextBytes(data);
        ServerSocket server = right.call(() -> new ServerSocket(5299, 1, java.net.InetAddress.getByName("10.82.0.2")));
        CompletableFuture<byte[]> received = CompletableFuture.supplyAsync(() -> {
            try (Socket s = server.accept(); DataInputStream in = new DataInputStream(s.getInputStream())) {
                byte[] got = new byte[BYTES];
                in.readFully(got);
                return got;
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        // Connected on the namespace's thread: the JDK creates the socket descriptor only now.
        Socket client = left.call(() -> {
            Socket s = new Socket();
            s.connect(new InetSocketAddress("10.82.0.2", 5299), 5_000);
            return s;
        });
        try (client; OutputStream out = client.getOutputStream()) {
            out.write(data);
        }
        byte[] got = received.get(45, TimeUnit.SECONDS);
        server.close();
        MessageDigest sha = MessageDigest.getInstance("SHA-256");
        assertArrayEquals(sha.digest(data), sha.digest(got));
        assertEquals("packets with a bad checksum", 0, badPackets.get());
        assertTrue("every relayed packet fits the MTU: " + longest.get(), longest.get() <= MTU);

        OffloadReader reader = ((LinuxTunDevice) a).offloadReader();
        long superPackets = reader == null ? 0 : reader.superPackets.sum();
        if (reader != null) {
            assertEquals("drops", 0, reader.dropped.sum());
        }
        a.close();
        b.close();
        assertTrue(ab.get(5, TimeUnit.SECONDS) instanceof ClosedChannelException);
        assertTrue(ba.get(5, TimeUnit.SECONDS) instanceof ClosedChannelException);
        return new Relayed(superPackets);
    }

    /** Copies packets from one device to the other until a device closes; checks IPv4 TCP checksums. */
    private static CompletableFuture<Throwable> relay(TunDevice from, TunDevice to, AtomicInteger bad, AtomicLong longest) {
        CompletableFuture<Throwable> end = new CompletableFuture<>();
        Thread thread = new Thread(() -> {
            ByteBuffer buffer = ByteBuffer.allocateDirect(65536);
            try {
                while (true) {
                    buffer.clear();
                    int length = from.read(buffer);
                    buffer.flip();
                    longest.accumulateAndGet(length, Math::max);
                    if (!validIpv4Tcp(buffer)) {
                        bad.incrementAndGet();
                    }
                    to.write(buffer);
                }
            } catch (Throwable t) {
                end.complete(t);
            }
        }, "relay-" + from.name());
        thread.setDaemon(true);
        thread.start();
        return end;
    }

    /** True for anything but an IPv4 TCP packet, else whether both its checksums verify. */
    private static boolean validIpv4Tcp(ByteBuffer p) {
        if (p.limit() < 40 || (p.get(0) & 0xf0) != 0x40 || p.get(9) != 6) {
            return true;
        }
        int ip = (p.get(0) & 0x0f) * 4;
        int total = p.getShort(2) & 0xffff;
        if (total != p.limit() || TcpSegmenterTest.onesComplement(p, 0, ip, 0) != 0) {
            return false;
        }
        long pseudo = (p.getShort(12) & 0xffff) + (p.getShort(14) & 0xffff) + (p.getShort(16) & 0xffff)
                + (p.getShort(18) & 0xffff) + 6 + (total - ip);
        return TcpSegmenterTest.onesComplement(p, ip, total - ip, pseudo) == 0;
    }

}
