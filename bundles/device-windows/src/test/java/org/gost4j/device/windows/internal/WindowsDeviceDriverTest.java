package org.gost4j.device.windows.internal;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.List;

import org.gost4j.api.device.DeviceSpec;
import org.gost4j.api.device.DeviceType;
import org.gost4j.api.device.IpNetwork;
import org.gost4j.api.device.TunDevice;
import org.gost4j.api.io.PacketBatch;
import org.junit.Test;

/**
 * The Windows driver against {@link FakeWindows}: Windows cannot run here, so these tests check the exact
 * calls into wintun.dll, kernel32 and iphlpapi, their order, and the bytes of every row against netioapi.h
 * (x64), wintun.h and tap-windows.h, not a real adapter. The wintun rings themselves live inside wintun.dll;
 * what the driver controls is the ring capacity it asks for.
 */
public class WindowsDeviceDriverTest {

    private final FakeWindows windows = new FakeWindows();
    private final WindowsDeviceDriver driver = new WindowsDeviceDriver(() -> windows, windows, windows);

    private static DeviceSpec spec(DeviceType type, String name, List<String> addresses, List<String> routes) {
        return new DeviceSpec(name, type, 1350, addresses.stream().map(IpNetwork::parse).toList(),
                routes.stream().map(IpNetwork::parse).toList());
    }

    @Test
    public void constantsAndLayoutsMatchTheWindowsHeaders() {
        assertEquals("CTL_CODE(FILE_DEVICE_UNKNOWN, 2, METHOD_BUFFERED, FILE_ANY_ACCESS)", 0x220008,
                WindowsDeviceDriver.TAP_WIN_IOCTL_GET_VERSION);
        assertEquals(0x220018, WindowsDeviceDriver.TAP_WIN_IOCTL_SET_MEDIA_STATUS);
        assertEquals("WINTUN_MIN_RING_CAPACITY", 0x20000, WindowsDeviceDriver.MIN_RING_CAPACITY);
        assertEquals("WINTUN_MAX_RING_CAPACITY", 0x4000000, WindowsDeviceDriver.MAX_RING_CAPACITY);
        assertTrue(WindowsDeviceDriver.validRingCapacity(WindowsDeviceDriver.RING_CAPACITY));
        assertTrue(!WindowsDeviceDriver.validRingCapacity(0x30000) && !WindowsDeviceDriver.validRingCapacity(0x10000)
                && !WindowsDeviceDriver.validRingCapacity(0x8000000));
        assertEquals(80, IpHelperStructs.UNICAST_ROW_SIZE);
        assertEquals(104, IpHelperStructs.FORWARD_ROW_SIZE);
        assertEquals(168, IpHelperStructs.INTERFACE_ROW_SIZE);
        assertEquals(32, TapWindowsDevice.OVERLAPPED_SIZE);

        ByteBuffer b = ByteBuffer.allocate(28).order(ByteOrder.LITTLE_ENDIAN);
        IpHelperStructs.putSockaddr(b, 0, new byte[] {10, 0, 0, 1});
        assertEquals("02000000" + "0a000001" + "00".repeat(20), java.util.HexFormat.of().formatHex(b.array()));
        byte[] v6 = new byte[16];
        v6[0] = (byte) 0xfd;
        v6[15] = 1;
        IpHelperStructs.putSockaddr(b, 0, v6);
        assertEquals("AF_INET6 is 23 on Windows; address after port and flowinfo",
                "1700" + "0000" + "00000000" + "fd" + "00".repeat(14) + "01" + "00000000",
                java.util.HexFormat.of().formatHex(b.array()));

        byte[] guid = new byte[16];
        for (int i = 0; i < 16; i++) {
            guid[i] = (byte) (i + 1);
        }
        assertEquals("{04030201-0605-0807-090A-0B0C0D0E0F10}", IpHelperStructs.guidString(guid));
    }

    @Test
    public void wintunOpenCreatesAdapterAndSessionThenConfiguresThroughIpHelper() throws Exception {
        try (TunDevice device = driver.open(spec(DeviceType.TUN, "", List.of("192.168.123.2/24"),
                List.of("192.168.123.0/24", "10.10.1.1/16")))) {
            assertEquals("gost4j", device.name());
            assertEquals(List.of(
                    "WintunCreateAdapter(gost4j, gost4j, null)",
                    "WintunStartSession(0xa0, 0x400000)",
                    "CreateEvent(true)",
                    "WintunGetAdapterLUID(0xa0)",
                    "WintunGetReadWaitEvent(0x5e)",
                    "InitializeIpInterfaceEntry(168)", "GetIpInterfaceEntry", "SetIpInterfaceEntry",
                    "InitializeUnicastIpAddressEntry(80)", "CreateUnicastIpAddressEntry",
                    "InitializeIpForwardEntry(104)", "CreateIpForwardEntry2"), windows.calls);

            ByteBuffer mtu = le(windows.rows.get(0));
            assertEquals("Family", 2, mtu.getShort(0));
            assertEquals("InterfaceLuid", FakeWindows.LUID, mtu.getLong(8));
            assertEquals("NlMtu", 1350, mtu.getInt(152));

            ByteBuffer address = le(windows.rows.get(1));
            assertEquals(2, address.getShort(0));
            assertArrayEquals(new byte[] {(byte) 192, (byte) 168, 123, 2}, Arrays.copyOfRange(windows.rows.get(1), 4, 8));
            assertEquals("InterfaceLuid", FakeWindows.LUID, address.getLong(32));
            assertEquals("OnLinkPrefixLength", 24, address.get(60));
            assertEquals("DadState preferred", 4, address.getInt(64));

            ByteBuffer route = le(windows.rows.get(2));
            assertEquals("InterfaceLuid", FakeWindows.LUID, route.getLong(0));
            assertEquals("DestinationPrefix family", 2, route.getShort(12));
            assertArrayEquals("host bits cleared", new byte[] {10, 10, 0, 0}, Arrays.copyOfRange(windows.rows.get(2), 16, 20));
            assertEquals("PrefixLength", 16, route.get(40));
            assertEquals("NextHop on-link", 2, route.getShort(44));
            assertEquals("Protocol", 3, route.getInt(88));
        }
    }

    @Test
    public void wintunReadsWaitOnTheReadEventAndWritesThroughTheSendRing() throws Exception {
        try (TunDevice device = driver.open(spec(DeviceType.TUN, "wg", List.of(), List.of()))) {
            windows.calls.clear();
            PacketBatch batch = PacketBatch.allocate(64, 2 * PacketBatch.MAX_PACKET);
            assertEquals(1, device.read(batch));
            assertEquals(4, batch.length(0));
            assertEquals(0x45, batch.buffer().get(batch.offset(0)));
            assertEquals("waits for the first packet, then takes what the ring holds without waiting", List.of(
                    "WintunReceivePacket(0x5e)", "WaitForMultipleObjects(2, [0xe1, 0x100], false, -1)",
                    "WintunReceivePacket(0x5e)", "WintunReleaseReceivePacket(0x5e)", "WintunReceivePacket(0x5e)"),
                    windows.calls);

            windows.calls.clear();
            byte[] packet = {0x45, 0, 0, 24, 1, 2, 3, 4};
            byte[] second = {0x45, 0, 0, 20, 9};
            PacketBatch out = PacketBatch.allocate(2, 64);
            out.buffer().put(0, packet).put(8, second);
            out.add(0, packet.length);
            out.add(8, second.length);
            device.write(out);
            assertArrayEquals(packet, windows.sent.get(0));
            assertArrayEquals(second, windows.sent.get(1));
            assertEquals(List.of("WintunAllocateSendPacket(0x5e, 8)", "WintunSendPacket(0x5e)",
                    "WintunAllocateSendPacket(0x5e, 5)", "WintunSendPacket(0x5e)"), windows.calls);
        }
    }

    @Test
    public void closeWakesWaitersThenEndsSessionAndClosesAdapterOnce() throws Exception {
        TunDevice device = driver.open(spec(DeviceType.TUN, "", List.of(), List.of()));
        windows.calls.clear();
        device.close();
        device.close();
        assertEquals(List.of("SetEvent(0x100)", "WintunEndSession(0x5e)", "WintunCloseAdapter(0xa0)",
                "CloseHandle(0x100)"), windows.calls);
    }

    @Test
    public void missingWintunDllSaysWhatToInstallAndWhere() {
        System.setProperty(JnaWintun.HOME_PROPERTY, "/nonexistent/gost4j");
        try {
            WindowsDeviceDriver real = new WindowsDeviceDriver(JnaWintun::load, windows, windows);
            real.open(spec(DeviceType.TUN, "", List.of(), List.of()));
            fail("opened without wintun.dll");
        } catch (IOException e) {
            assertTrue(e.getMessage(), e.getMessage().contains("wintun.dll not found")
                    && e.getMessage().contains("https://www.wintun.net/")
                    && e.getMessage().contains("/nonexistent/gost4j/lib"));
        } finally {
            System.clearProperty(JnaWintun.HOME_PROPERTY);
        }
    }

    @Test
    public void tapOpensTheAdapterByGuidAndConnectsTheMedia() throws Exception {
        try (TunDevice device = driver.open(spec(DeviceType.TAP, "OpenVPN TAP", List.of("10.5.0.1/24"), List.of()))) {
            assertEquals(DeviceType.TAP, device.type());
            assertEquals(List.of(
                    "ConvertInterfaceAliasToLuid(OpenVPN TAP)",
                    "ConvertInterfaceLuidToGuid(0x123456789)",
                    "CreateFile(\\\\.\\Global\\{04030201-0605-0807-090A-0B0C0D0E0F10}.tap)",
                    "DeviceIoControl(0xf1, 0x220008, " + "00".repeat(12) + ")",
                    "DeviceIoControl(0xf1, 0x220018, 01000000)",
                    "CreateEvent(true)", "CreateEvent(true)", "CreateEvent(true)",
                    "InitializeIpInterfaceEntry(168)", "GetIpInterfaceEntry", "SetIpInterfaceEntry",
                    "InitializeUnicastIpAddressEntry(80)", "CreateUnicastIpAddressEntry"), windows.calls);
            windows.calls.clear();
            PacketBatch batch = PacketBatch.allocate(64, 2 * PacketBatch.MAX_PACKET);
            assertEquals(1, device.batchSize());
            assertEquals("a batch of one: one overlapped read", 1, device.read(batch));
            assertEquals(60, batch.length(0));
            assertEquals(List.of("ReadFile(0xf1, 131072)", "WaitForMultipleObjects(2, [0x101, 0x100], false, -1)",
                    "GetOverlappedResult(0xf1, event 0x101)"), windows.calls);

            windows.calls.clear();
            windows.rows.clear();
            device.addRoute(IpNetwork.parse("172.16.0.0/12"), java.net.InetAddress.getByName("10.5.0.9"));
            ByteBuffer route = le(windows.rows.get(0));
            assertEquals("NextHop family", 2, route.getShort(44));
            assertArrayEquals("NextHop address", new byte[] {10, 5, 0, 9}, Arrays.copyOfRange(windows.rows.get(0), 48, 52));
        }
    }

    @Test
    public void tapWithoutANameExplainsWhatToInstall() {
        try {
            driver.open(spec(DeviceType.TAP, "", List.of(), List.of()));
            fail("opened a TAP device without a name");
        } catch (IOException e) {
            assertTrue(e.getMessage(), e.getMessage().contains("tap-windows6"));
        }
    }

    private static ByteBuffer le(byte[] row) {
        return ByteBuffer.wrap(row).order(ByteOrder.LITTLE_ENDIAN);
    }
}
