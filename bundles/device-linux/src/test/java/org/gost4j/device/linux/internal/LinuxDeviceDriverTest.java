package org.gost4j.device.linux.internal;

import static org.gost4j.device.linux.internal.IcmpPackets.checksum;
import static org.gost4j.device.linux.internal.IcmpPackets.echoRequest;
import static org.gost4j.device.linux.internal.IcmpPackets.single;
import static org.gost4j.device.linux.internal.RtnetlinkMessagesTest.net;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotEquals;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import com.sun.jna.Memory;
import com.sun.jna.Pointer;

import org.gost4j.api.device.DeviceSpec;
import org.gost4j.api.device.DeviceType;
import org.gost4j.api.device.IpNetwork;
import org.gost4j.api.device.TunDevice;
import org.gost4j.api.io.PacketBatch;
import org.gost4j.api.io.Pollable;
import org.gost4j.support.jna.NativeStructs;
import org.junit.After;
import org.junit.Assume;
import org.junit.Before;
import org.junit.BeforeClass;
import org.junit.Test;

/**
 * Creates real devices inside a throw-away network namespace. Skipped (not passed) unless running as root with
 * /dev/net/tun; as root it always runs.
 */
public class LinuxDeviceDriverTest {

    private static final int MTU = 1350;

    private NetworkNamespace ns;
    private LinuxDeviceDriver driver;
    private final List<TunDevice> devices = new ArrayList<>();

    @BeforeClass
    public static void requireRootAndTun() {
        Assume.assumeTrue("needs root", NetworkNamespace.Setns.geteuid() == 0);
        Assume.assumeTrue("needs /dev/net/tun", Files.exists(Path.of(TunFile.CLONE_DEVICE)));
    }

    @Before
    public void createNamespace() throws Exception {
        ns = new NetworkNamespace("g4jdev-" + ProcessHandle.current().pid());
        driver = new LinuxDeviceDriver();
    }

    @After
    public void deleteNamespace() throws Exception {
        try {
            devices.forEach(TunDevice::close);
        } finally {
            ns.close();
        }
    }

    @Test(timeout = 30_000)
    public void tunIsConfiguredAndCarriesPackets() throws Exception {
        TunDevice tun = open(new DeviceSpec("g4jtun0", DeviceType.TUN, MTU,
                List.of(net("10.77.0.1", 24), net("fd77::1", 64)),
                List.of(net("172.20.0.0", 16), net("10.77.0.0", 24), net("fd78::", 64))));
        assertEquals("g4jtun0", tun.name());

        String link = ns.ip("-d", "link", "show", "g4jtun0").output();
        assertContains(link, "mtu 1350");
        assertContains(link, ",UP,");
        assertContains(link, "tun type tun");
        String addresses = ns.ip("addr", "show", "dev", "g4jtun0").output();
        assertContains(addresses, "inet 10.77.0.1/24");
        assertContains(addresses, "inet6 fd77::1/64");
        assertFalse(addresses, addresses.contains("tentative"));
        String routes = ns.ip("route", "show").output();
        assertContains(routes, "172.20.0.0/16 dev g4jtun0 proto static scope link");
        assertContains(routes, "10.77.0.0/24 dev g4jtun0 proto kernel scope link src 10.77.0.1");
        String routes6 = ns.ip("-6", "route", "show").output();
        assertContains(routes6, "fd77::/64 dev g4jtun0 proto kernel");
        assertContains(routes6, "fd78::/64 dev g4jtun0 proto static");

        Process ping = ns.start("ping", "-c", "1", "-W", "5", "10.77.0.2");
        PacketBatch batch = PacketBatch.allocate(64, 4 * PacketBatch.MAX_PACKET);
        ByteBuffer packet;
        do {
            batch.clear();
            int count = tun.read(batch);
            assertTrue(count >= 1 && count == batch.size());
            packet = copy(batch, count - 1);
        } while (!isEchoRequestTo(packet, new byte[] {10, 77, 0, 2}));

        echoReply(packet);
        tun.write(single(packet));
        assertTrue("ping finished", ping.waitFor(10, TimeUnit.SECONDS));
        assertEquals(new String(ping.getInputStream().readAllBytes()), 0, ping.exitValue());
    }

    @Test(timeout = 30_000)
    public void steadyStateReadsAndWritesAllocateNothing() throws Exception {
        assertNoAllocation(true);
    }

    @Test(timeout = 30_000)
    public void steadyStateReadsAndWritesAllocateNothingWithoutOffloads() throws Exception {
        assertNoAllocation(false);
    }

    private void assertNoAllocation(boolean offload) throws Exception {
        TunDevice tun = open(new DeviceSpec("g4jtun4", DeviceType.TUN, MTU, List.of(net("10.79.0.1", 24)), List.of(),
                null, offload));
        // An echo request from 10.79.0.2 to the tun's own address: the kernel answers through the tun.
        PacketBatch request = single(echoRequest(new byte[] {10, 79, 0, 2}, new byte[] {10, 79, 0, 1}));
        PacketBatch reply = PacketBatch.allocate(64, 4 * PacketBatch.MAX_PACKET);

        com.sun.management.ThreadMXBean threads =
                (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
        exchange(tun, request, reply, 5_000); // warm up: caches buffer addresses, lets the JIT compile
        long before = threads.getCurrentThreadAllocatedBytes();
        exchange(tun, request, reply, 2_000);
        long allocated = threads.getCurrentThreadAllocatedBytes() - before;
        assertTrue("allocated " + allocated + " bytes for 2000 round trips", allocated < 2_000);
    }

    /** Writes {@code request} and reads until its echo reply comes back, {@code count} times. */
    private static void exchange(TunDevice tun, PacketBatch request, PacketBatch reply, int count) throws IOException {
        for (int i = 0; i < count; i++) {
            tun.write(request);
            boolean answered = false;
            while (!answered) {
                reply.clear();
                tun.read(reply);
                for (int p = 0; p < reply.size(); p++) {
                    int at = reply.offset(p);
                    answered |= reply.buffer().get(at + 9) == 1 && reply.buffer().get(at + 20) == 0;
                }
            }
        }
    }

    @Test(timeout = 30_000)
    public void tapLetsTheKernelChooseTheNameAndCarriesFrames() throws Exception {
        TunDevice tap = open(new DeviceSpec("", DeviceType.TAP, MTU, List.of(net("10.78.0.1", 24)), List.of()));
        assertTrue(tap.name(), tap.name().startsWith("tap"));
        String link = ns.ip("-d", "link", "show", tap.name()).output();
        assertContains(link, "tun type tap");
        assertContains(link, "mtu 1350");

        ns.start("ping", "-c", "3", "-W", "1", "10.78.0.2"); // makes the kernel send ARP requests
        PacketBatch batch = PacketBatch.allocate(1, PacketBatch.MAX_PACKET);
        assertEquals("a batch of one holds one frame", 1, tap.read(batch));
        assertTrue("an Ethernet frame: " + batch.length(0), batch.length(0) >= 14);
    }

    @Test(timeout = 30_000)
    public void routesAreAddedAndRemovedAtRunTime() throws Exception {
        TunDevice tun = open(new DeviceSpec("g4jtun3", DeviceType.TUN, MTU, List.of(net("10.78.0.1", 24)), List.of()));
        ns.call(() -> {
            tun.addRoute(net("172.21.0.0", 16));
            return null;
        });
        assertContains(ns.ip("route", "show").output(), "172.21.0.0/16 dev g4jtun3 proto static scope link");
        ns.call(() -> {
            tun.removeRoute(net("172.21.0.0", 16));
            return null;
        });
        assertFalse(ns.ip("route", "show").output().contains("172.21.0.0/16"));
        IOException missing = assertThrows(IOException.class, () -> ns.call(() -> {
            tun.removeRoute(net("172.21.0.0", 16));
            return null;
        }));
        assertContains(missing.getMessage(), "delete route 172.21.0.0/16 via g4jtun3");
    }

    @Test(timeout = 30_000)
    public void aPollerSeesWhenToReadAndWhenTheDeviceIsClosed() throws Exception {
        pollAndReadWithoutBlocking(true);
    }

    @Test(timeout = 30_000)
    public void aPollerSeesWhenToReadAndWhenTheDeviceIsClosedWithoutOffloads() throws Exception {
        pollAndReadWithoutBlocking(false);
    }

    private void pollAndReadWithoutBlocking(boolean offload) throws Exception {
        TunDevice device = open(new DeviceSpec("g4jtun6", DeviceType.TUN, MTU, List.of(net("10.75.0.1", 24)),
                List.of(), null, offload));
        Pollable tun = (Pollable) device;
        PacketBatch batch = PacketBatch.allocate(64, 4 * PacketBatch.MAX_PACKET);
        int[] descriptors = tun.acquireDescriptors();
        try {
            assertEquals("the device and its close signal", 2, descriptors.length);
            do {
                while (tun.readNow(batch) > 0) {
                    batch.clear(); // whatever the kernel sends on its own while the link comes up
                }
                assertEquals("nothing waiting: nothing added", 0, batch.size());
            } while (readable(descriptors, 300));
            // The kernel answers an echo request to the tun's own address through the tun, during the write.
            device.write(single(echoRequest(new byte[] {10, 75, 0, 2}, new byte[] {10, 75, 0, 1})));
            assertTrue("the reply polls readable", readable(descriptors, 5_000));
            boolean replied = false;
            while (!replied) {
                batch.clear();
                assertTrue("the reply is waiting", tun.readNow(batch) > 0);
                for (int i = 0; i < batch.size(); i++) {
                    replied |= batch.length(i) == 84 && batch.buffer().get(batch.offset(i) + 20) == 0;
                }
            }
            CompletableFuture.runAsync(() -> {
                sleepQuietly(200);
                device.close();
            });
            assertTrue("the close polls readable", readable(descriptors, 5_000));
            assertThrows(ClosedChannelException.class, () -> tun.readNow(batch));
            assertTrue("the held descriptors stay open after the close",
                    ns.ip("link", "show", "g4jtun6").exitCode() == 0);
        } finally {
            tun.releaseDescriptors();
        }
        assertNotEquals("released: the link is gone", 0, ns.ip("link", "show", "g4jtun6").exitCode());
    }

    /** Whether any of {@code descriptors} polls readable within {@code millis}. */
    private static boolean readable(int[] descriptors, int millis) {
        ByteBuffer fds = NativeStructs.allocate(8 * descriptors.length);
        for (int i = 0; i < descriptors.length; i++) {
            fds.putInt(8 * i, descriptors[i]).putShort(8 * i + 4, LibC.POLLIN);
        }
        return TunSyscalls.best().poll(NativeStructs.address(fds), descriptors.length, millis) > 0;
    }

    /** A copy of entry {@code index}, from position 0. */
    private static ByteBuffer copy(PacketBatch batch, int index) {
        ByteBuffer packet = ByteBuffer.allocateDirect(batch.length(index));
        packet.put(0, batch.buffer(), batch.offset(index), batch.length(index));
        return packet;
    }

    private static void sleepQuietly(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Test(timeout = 30_000)
    public void closeWakesABlockedReaderAndRemovesTheLink() throws Exception {
        TunDevice tun = open(new DeviceSpec("g4jtun1", DeviceType.TUN, MTU, List.of(), List.of()));
        CompletableFuture<Throwable> reader = readUntilFailure(tun);
        Thread.sleep(300);
        assertFalse("reader is blocked", reader.isDone());

        long start = System.nanoTime();
        tun.close();
        Throwable failure = reader.get(1, TimeUnit.SECONDS);
        assertTrue(String.valueOf(failure), failure instanceof ClosedChannelException);
        assertTrue(System.nanoTime() - start < TimeUnit.SECONDS.toNanos(1));
        assertNotEquals("link is gone", 0, ns.ip("link", "show", "g4jtun1").exitCode());

        tun.close(); // idempotent
        assertThrows(ClosedChannelException.class, () -> tun.read(PacketBatch.allocate(1, PacketBatch.MAX_PACKET)));
        assertThrows(ClosedChannelException.class, () -> tun.write(single(ByteBuffer.allocateDirect(20))));
    }

    @Test(timeout = 30_000)
    public void nameInUseIsAnError() throws Exception {
        open(new DeviceSpec("g4jdup0", DeviceType.TUN, MTU, List.of(), List.of()));
        IOException e = assertThrows(IOException.class,
                () -> open(new DeviceSpec("g4jdup0", DeviceType.TUN, MTU, List.of(), List.of())));
        assertContains(e.getMessage(), "g4jdup0");
    }

    @Test(timeout = 30_000)
    public void refusedConfigurationIsAnErrorAndRemovesTheDevice() throws Exception {
        IOException e = assertThrows(IOException.class,
                () -> open(new DeviceSpec("g4jbad0", DeviceType.TUN, 70_000, List.of(), List.of())));
        assertContains(e.getMessage(), "set mtu 70000 and up on g4jbad0: Invalid argument");
        assertContains(e.getMessage(), "(kernel: "); // the extended ack explains the refusal
        assertNotEquals("link is gone", 0, ns.ip("link", "show", "g4jbad0").exitCode());
    }

    @Test(timeout = 30_000)
    public void deactivateClosesEveryOpenDevice() throws Exception {
        TunDevice first = open(new DeviceSpec("g4jtun2", DeviceType.TUN, MTU, List.of(), List.of()));
        TunDevice second = open(new DeviceSpec("g4jtap2", DeviceType.TAP, MTU, List.of(), List.of()));
        CompletableFuture<Throwable> reader = readUntilFailure(first);

        driver.deactivate();
        assertTrue(reader.get(1, TimeUnit.SECONDS) instanceof ClosedChannelException);
        assertThrows(ClosedChannelException.class, () -> second.read(PacketBatch.allocate(1, PacketBatch.MAX_PACKET)));
        assertNotEquals(0, ns.ip("link", "show", "g4jtun2").exitCode());
        assertNotEquals(0, ns.ip("link", "show", "g4jtap2").exitCode());
        assertThrows(IOException.class, () -> open(new DeviceSpec("g4jtun3", DeviceType.TUN, MTU, List.of(), List.of())));
    }

    private TunDevice open(DeviceSpec spec) throws Exception {
        TunDevice device = ns.call(() -> driver.open(spec));
        devices.add(device);
        return device;
    }

    /** Reads (dropping whatever arrives) until read fails, on a thread outside the namespace. */
    private static CompletableFuture<Throwable> readUntilFailure(TunDevice device) {
        CompletableFuture<Throwable> failure = new CompletableFuture<>();
        Thread thread = new Thread(() -> {
            PacketBatch batch = PacketBatch.allocate(64, 4 * PacketBatch.MAX_PACKET);
            try {
                while (true) {
                    batch.clear();
                    device.read(batch);
                }
            } catch (Throwable t) {
                failure.complete(t);
            }
        }, "reader-" + device.name());
        thread.setDaemon(true);
        thread.start();
        return failure;
    }

    private static boolean isEchoRequestTo(ByteBuffer p, byte[] destination) {
        if (p.remaining() < 28 || (p.get(0) >> 4) != 4 || p.get(9) != 1) {
            return false;
        }
        int headerLength = (p.get(0) & 0x0f) * 4;
        byte[] dst = new byte[4];
        p.get(16, dst);
        return Arrays.equals(dst, destination) && p.get(headerLength) == 8;
    }

    /** Turns an IPv4 ICMP echo request into its reply, in place. */
    private static void echoReply(ByteBuffer p) {
        int headerLength = (p.get(0) & 0x0f) * 4;
        int totalLength = p.getShort(2) & 0xffff;
        byte[] src = new byte[4];
        byte[] dst = new byte[4];
        p.get(12, src).get(16, dst).put(12, dst).put(16, src);
        p.put(headerLength, (byte) 0); // echo reply
        p.putShort(headerLength + 2, (short) 0);
        p.putShort(headerLength + 2, checksum(p, headerLength, totalLength - headerLength));
        p.putShort(10, (short) 0);
        p.putShort(10, checksum(p, 0, headerLength));
    }

    private static void assertContains(String text, String expected) {
        if (!text.contains(expected)) {
            fail("expected '" + expected + "' in:\n" + text);
        }
    }
}
