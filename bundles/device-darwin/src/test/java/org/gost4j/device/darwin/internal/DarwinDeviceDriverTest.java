package org.gost4j.device.darwin.internal;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;

import org.gost4j.api.device.DeviceSpec;
import org.gost4j.api.device.DeviceType;
import org.gost4j.api.device.IpNetwork;
import org.gost4j.api.device.TunDevice;
import org.gost4j.api.io.PacketBatch;
import org.junit.Test;

/**
 * The macOS driver against {@link FakeDarwinNative}: macOS cannot run here, so these tests check the exact
 * system calls, their order and the bytes of every structure against {@code sys/kern_control.h} and
 * {@code net/if_utun.h}, not a real utun interface.
 */
public class DarwinDeviceDriverTest {

    private final FakeDarwinNative os = new FakeDarwinNative();
    private final DarwinDeviceDriver driver = new DarwinDeviceDriver(os);

    private static DeviceSpec spec(String name, String... addresses) {
        return new DeviceSpec(name, DeviceType.TUN, 1350,
                java.util.Arrays.stream(addresses).map(IpNetwork::parse).toList(), List.of());
    }

    @Test
    public void structuresHaveTheKernelsSizesAndOffsets() {
        // _IOWR('N', 3, struct ctl_info): in/out, 100-byte argument, group 'N', number 3
        assertEquals(0xc0000000L | (100L << 16) | ('N' << 8) | 3, UtunStructs.CTLIOCGINFO);
        assertEquals(0xc0644e03L, UtunStructs.CTLIOCGINFO);

        byte[] info = UtunStructs.ctlInfo("com.apple.net.utun_control");
        assertEquals(100, info.length);
        assertEquals("ctl_id comes first and is zero in the request", 0, ByteBuffer.wrap(info).getInt(0));
        assertEquals("com.apple.net.utun_control", UtunStructs.cString(java.util.Arrays.copyOfRange(info, 4, 100), 96));

        ByteBuffer sc = ByteBuffer.wrap(UtunStructs.sockaddrCtl(0x11223344, 6)).order(ByteOrder.LITTLE_ENDIAN);
        assertEquals(32, sc.capacity());
        assertEquals("sc_len", 32, sc.get(0));
        assertEquals("sc_family AF_SYSTEM", 32, sc.get(1));
        assertEquals("ss_sysaddr AF_SYS_CONTROL", 2, sc.getShort(2));
        assertEquals("sc_id", 0x11223344, sc.getInt(4));
        assertEquals("sc_unit", 6, sc.getInt(8));
        for (int i = 12; i < 32; i += 4) {
            assertEquals("sc_reserved", 0, sc.getInt(i));
        }
    }

    @Test
    public void openCreatesUtunThroughTheControlSocketAndConfiguresIt() throws Exception {
        DeviceSpec spec = new DeviceSpec("utun5", DeviceType.TUN, 1350,
                List.of(IpNetwork.parse("192.168.123.2/24"), IpNetwork.parse("fd00::2/64")),
                List.of(IpNetwork.parse("10.10.0.0/16")), InetAddress.getByName("192.168.123.1"), true);
        try (TunDevice device = driver.open(spec)) {
            assertEquals("utun3", device.name());
            assertEquals(List.of(
                    "socket(32, 2, 2)",
                    "ioctl(7, 0xc0644e03, 00000000" + hex("com.apple.net.utun_control", 96) + ")",
                    "connect(7, 2020" + "0200" + "d2040000" + "06000000" + "00".repeat(20) + ")",
                    "getsockopt(7, 2, 2, 16)",
                    "nonblock(7)",
                    "pipe()",
                    "/sbin/ifconfig utun3 mtu 1350 up",
                    "/sbin/ifconfig utun3 inet 192.168.123.2/24 192.168.123.1 alias",
                    "/sbin/ifconfig utun3 inet6 fd00:0:0:0:0:0:0:2 prefixlen 64 alias",
                    "/sbin/route -n add -net 192.168.123.0/24 -interface utun3",
                    "/sbin/route -n add -net 10.10.0.0/16 -interface utun3"), os.calls);
        }
    }

    @Test
    public void peerDefaultsToTheAddressItself() throws Exception {
        driver.open(spec("", "10.1.2.3/32")).close();
        assertTrue(os.calls.toString(), os.calls.contains("/sbin/ifconfig utun3 inet 10.1.2.3/32 10.1.2.3 alias"));
        assertTrue("kernel's choice of unit: sc_unit 0", os.calls.get(2).endsWith("d2040000" + "00000000" + "00".repeat(20) + ")"));
        assertTrue("no network route for a host address", os.calls.stream().noneMatch(c -> c.startsWith("/sbin/route")));
    }

    @Test
    public void tapAndForeignNamesAreRefusedBeforeAnySystemCall() {
        expectFailure(new DeviceSpec("", DeviceType.TAP, 1350, List.of(), List.of()), "macOS has no TAP devices");
        expectFailure(spec("tun0"), "utun<N>");
        assertEquals(List.of(), os.calls);
    }

    @Test
    public void failedConnectClosesTheSocketAndExplains() {
        os.failCall = "connect";
        os.failCallWithErrno = 1;
        expectFailure(spec("utun9"), "needs root");
        assertEquals("close(7)", os.calls.get(os.calls.size() - 1));
    }

    @Test
    public void readStripsTheFamilyHeaderAndWriteAddsIt() throws Exception {
        try (TunDevice device = driver.open(spec(""))) {
            os.calls.clear();
            byte[] packet = {0x45, 0, 0, 24, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20};
            byte[] datagram = new byte[4 + packet.length];
            datagram[3] = 2;
            System.arraycopy(packet, 0, datagram, 4, packet.length);
            os.incoming.add(datagram);
            PacketBatch batch = PacketBatch.allocate(64, 2 * PacketBatch.MAX_PACKET);
            batch.add(0, 10);
            assertEquals(1, device.read(batch));
            assertEquals(10, batch.offset(1));
            assertEquals(packet.length, batch.length(1));
            byte[] got = new byte[packet.length];
            batch.buffer().get(10, got);
            assertArrayEquals("the packet lands at the batch's end, without the header", packet, got);

            byte[] v6 = new byte[40];
            v6[0] = 0x60;
            device.write(batch(packet, v6));
            assertArrayEquals(datagram, os.written.get(0));
            assertArrayEquals("AF_INET6 is 30 on macOS, in network order", new byte[] {0, 0, 0, 30},
                    java.util.Arrays.copyOf(os.written.get(1), 4));
            assertEquals(44, os.written.get(1).length);
            assertEquals("a read takes what waits, then finds nothing more", List.of("readv(7, 2)", "readv(7, 2)",
                    "writev(7, 2)", "writev(7, 2)"), os.calls);
            try {
                device.write(batch(new byte[] {0x10, 0, 0, 0}));
                fail("a packet that is neither IPv4 nor IPv6 has no family");
            } catch (IOException e) {
                assertTrue(e.getMessage(), e.getMessage().contains("not an IPv4 or IPv6 packet"));
            }
        }
    }

    @Test
    public void wouldBlockPollsTheSocketAndTheWakePipe() throws Exception {
        try (TunDevice device = driver.open(spec(""))) {
            os.calls.clear();
            PacketBatch batch = PacketBatch.allocate(64, 2 * PacketBatch.MAX_PACKET);
            assertEquals(1, device.read(batch));
            assertEquals(4, batch.length(0));
            assertEquals(List.of("readv(7, 2)", "poll({7, 1} {8, 1} 2, -1)", "readv(7, 2)", "readv(7, 2)"), os.calls);
        }
    }

    @Test
    public void aReadTakesEveryPacketWaitingUpToTheBatchsCapacity() throws Exception {
        try (TunDevice device = driver.open(spec(""))) {
            for (int i = 0; i < 3; i++) {
                os.incoming.add(new byte[] {0, 0, 0, 2, 0x45, (byte) i, 0, 20});
            }
            PacketBatch two = PacketBatch.allocate(2, 2 * PacketBatch.MAX_PACKET);
            assertEquals(2, device.read(two));
            assertEquals(1, two.buffer().get(two.offset(1) + 1));
            PacketBatch rest = PacketBatch.allocate(64, 2 * PacketBatch.MAX_PACKET);
            assertEquals(1, device.read(rest));
            assertEquals("back to back", 4, two.offset(1));
        }
    }

    @Test
    public void nextHopRoutesGoViaTheGateway() throws Exception {
        try (TunDevice device = driver.open(spec(""))) {
            os.calls.clear();
            device.addRoute(IpNetwork.parse("172.16.0.0/12"), java.net.InetAddress.getByName("10.0.0.9"));
            assertEquals(List.of("/sbin/route -n add -net 172.16.0.0/12 10.0.0.9"), os.calls);
        }
    }

    /** A batch of these packets, back to back. */
    private static PacketBatch batch(byte[]... packets) {
        PacketBatch batch = PacketBatch.allocate(packets.length, PacketBatch.MAX_PACKET);
        int at = 0;
        for (byte[] packet : packets) {
            batch.buffer().put(at, packet);
            batch.add(at, packet.length);
            at += packet.length;
        }
        return batch;
    }

    @Test
    public void closeWakesReadersAndClosesEveryDescriptorOnce() throws Exception {
        TunDevice device = driver.open(spec(""));
        os.calls.clear();
        device.close();
        device.close();
        assertEquals(List.of("write(9, 1, 1)", "close(7)", "close(8)", "close(9)"), os.calls);
    }

    @Test
    public void routesAtRunTime() throws Exception {
        try (TunDevice device = driver.open(spec(""))) {
            os.calls.clear();
            device.addRoute(IpNetwork.parse("172.16.5.1/12"));
            device.removeRoute(IpNetwork.parse("fd01::/48"));
            assertEquals(List.of("/sbin/route -n add -net 172.16.0.0/12 -interface utun3",
                    "/sbin/route -n delete -inet6 -net fd01::/48 -interface utun3"), os.calls);
        }
    }

    private void expectFailure(DeviceSpec spec, String text) {
        try {
            driver.open(spec);
            fail("opened " + spec);
        } catch (IOException e) {
            assertTrue(e.getMessage(), e.getMessage().contains(text));
        }
    }

    private static String hex(String s, int size) {
        byte[] raw = java.util.Arrays.copyOf(s.getBytes(java.nio.charset.StandardCharsets.US_ASCII), size);
        return java.util.HexFormat.of().formatHex(raw);
    }
}
