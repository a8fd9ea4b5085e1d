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
import org.gost4j.api.io.PacketBatch;
import org.junit.After;
import org.junit.Assume;
import org.junit.Before;
import org.junit.BeforeClass;
import org.junit.Test;

/**
 * A TCP transfer between two namespaces whose only link is a pair of TUN devices relayed by this test, as a
 * tunnel would relay them: with offloads the sender's kernel hands over super-packets, which the device must
 * split into valid wire packets (the receiving kernel verifies every checksum, and so does the relay). The
 * batched relay moves what one read gives (a super-packet's segments) as one batch to the other device, which joins
 * them into super-packets again, which the receiving kernel must accept.
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
        Relayed relayed = transfer(true, false, false);
        assertTrue("the kernel handed over super-packets: " + relayed.superPacketsRead, relayed.superPacketsRead > 0);
        assertEquals("nothing joined when every write is a batch of one", 0, relayed.superPacketsWritten);
    }

    @Test(timeout = 60_000)
    public void tcpThroughPlainDevicesArrivesIntact() throws Exception {
        Relayed relayed = transfer(false, false, false);
        assertEquals(0, relayed.superPacketsRead);
    }

    @Test(timeout = 60_000)
    public void tcpThroughBatchedOffloadingDevicesArrivesIntact() throws Exception {
        assertJoinedOnWrite(transfer(true, true, false));
    }

    @Test(timeout = 60_000)
    public void tcpOverIpv6ThroughBatchedOffloadingDevicesArrivesIntact() throws Exception {
        assertJoinedOnWrite(transfer(true, true, true));
    }

    @Test(timeout = 60_000)
    public void tcpThroughBatchedOffloadingDevicesArrivesIntactWithTheCallsThroughJna() throws Exception {
        driver = new LinuxDeviceDriver(JnaTunSyscalls.INSTANCE); // where the JNI library cannot load
        assertJoinedOnWrite(transfer(true, true, false));
    }

    @Test(timeout = 60_000)
    public void tcpThroughBatchedPlainDevicesArrivesIntact() throws Exception {
        Relayed relayed = transfer(false, true, false);
        assertEquals(0, relayed.superPacketsRead);
    }

    private static void assertJoinedOnWrite(Relayed relayed) {
        assertTrue("the kernel handed over super-packets: " + relayed.superPacketsRead, relayed.superPacketsRead > 0);
        assertTrue("the receiving device wrote super-packets: " + relayed.superPacketsWritten,
                relayed.superPacketsWritten > 0);
        assertTrue("more segments than super-packets", relayed.segmentsJoined >= 2 * relayed.superPacketsWritten);
        assertEquals("segments with bad checksums", 0, relayed.checksumFailures);
    }

    /** Counters of the sending device's reads and the receiving device's writes. */
    private record Relayed(long superPacketsRead, long superPacketsWritten, long segmentsJoined, long checksumFailures) {
    }

    private Relayed transfer(boolean offload, boolean batched, boolean ipv6) throws Exception {
        String leftAddress = ipv6 ? "fd82::1" : "10.82.0.1";
        String rightAddress = ipv6 ? "fd82::2" : "10.82.0.2";
        if (ipv6) {
            // Without duplicate address detection the addresses are usable at once.
            for (NetworkNamespace namespace : List.of(left, right)) {
                NetworkNamespace.run("ip", "netns", "exec", namespace.name, "sysctl", "-qw",
                        "net.ipv6.conf.default.accept_dad=0");
            }
        }
        int prefix = ipv6 ? 64 : 24;
        TunDevice a = left.call(() -> driver.open(new DeviceSpec("g4joffa", DeviceType.TUN, MTU,
                List.of(net(leftAddress, prefix)), List.of(), null, offload)));
        TunDevice b = right.call(() -> driver.open(new DeviceSpec("g4joffb", DeviceType.TUN, MTU,
                List.of(net(rightAddress, prefix)), List.of(), null, offload)));
        AtomicInteger badPackets = new AtomicInteger();
        AtomicLong longest = new AtomicLong();
        CompletableFuture<Throwable> ab = batched ? batchedRelay(a, b, badPackets, longest) : relay(a, b, badPackets, longest);
        CompletableFuture<Throwable> ba = batched ? batchedRelay(b, a, badPackets, longest) : relay(b, a, badPackets, longest);

        byte[] data = new byte[BYTES];
        new Random(3).nextBytes(data);
        ServerSocket server = right.call(() -> new ServerSocket(5299, 1, java.net.InetAddress.getByName(rightAddress)));
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
            s.connect(new InetSocketAddress(rightAddress, 5299), 5_000);
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
        TcpCoalescer coalescer = ((LinuxTunDevice) b).coalescer();
        Relayed relayed = reader == null ? new Relayed(0, 0, 0, 0)
                : new Relayed(reader.superPackets.sum(), coalescer.superPackets.sum(), coalescer.segmentsJoined.sum(),
                        coalescer.checksumFailures.sum());
        if (reader != null) {
            assertEquals("drops", 0, reader.dropped.sum());
        }
        a.close();
        b.close();
        assertTrue(ab.get(5, TimeUnit.SECONDS) instanceof ClosedChannelException);
        assertTrue(ba.get(5, TimeUnit.SECONDS) instanceof ClosedChannelException);
        return relayed;
    }

    /** Relays as the tunnel does: what one read gives, written as one batch. */
    private static CompletableFuture<Throwable> batchedRelay(TunDevice from, TunDevice to, AtomicInteger bad,
            AtomicLong longest) {
        return relay(from, to, PacketBatch.allocate(64, 4 * PacketBatch.MAX_PACKET), bad, longest);
    }

    /** Copies packets one by one (batches of one) from one device to the other until a device closes. */
    private static CompletableFuture<Throwable> relay(TunDevice from, TunDevice to, AtomicInteger bad, AtomicLong longest) {
        return relay(from, to, PacketBatch.allocate(1, PacketBatch.MAX_PACKET), bad, longest);
    }

    /** Relays through {@code batch} until a device closes; checks IPv4 TCP checksums. */
    private static CompletableFuture<Throwable> relay(TunDevice from, TunDevice to, PacketBatch batch,
            AtomicInteger bad, AtomicLong longest) {
        return untilClosed("relay-" + from.name(), () -> {
            batch.clear();
            from.read(batch);
            for (int i = 0; i < batch.size(); i++) {
                longest.accumulateAndGet(batch.length(i), Math::max);
                if (!validIpv4Tcp(batch.buffer().slice(batch.offset(i), batch.length(i)))) {
                    bad.incrementAndGet();
                }
            }
            to.write(batch);
        });
    }

    /** One relay step; throws once a device is closed. */
    private interface RelayStep {
        void run() throws Exception;
    }

    /** Repeats {@code step} on a daemon thread until it throws; the future completes with what it threw. */
    private static CompletableFuture<Throwable> untilClosed(String name, RelayStep step) {
        CompletableFuture<Throwable> end = new CompletableFuture<>();
        Thread thread = new Thread(() -> {
            try {
                while (true) {
                    step.run();
                }
            } catch (Throwable t) {
                end.complete(t);
            }
        }, name);
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
