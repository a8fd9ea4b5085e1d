package org.gost4j.device.windows.internal;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HexFormat;
import java.util.List;

import com.sun.jna.Memory;
import com.sun.jna.Pointer;

/**
 * Stands in for Windows, which cannot run here: wintun.dll, kernel32 and iphlpapi in one fake that records
 * every call (rows in hex) and plays a wintun session whose received packets the test scripts. Native
 * addresses the driver passes are real memory, read and written through JNA.
 */
final class FakeWindows implements WintunApi, Kernel32Api, IpHelperApi {

    static final long ADAPTER = 0xA0;
    static final long SESSION = 0x5E;
    static final long READ_EVENT = 0xE1;
    static final long LUID = 0x0123456789L;
    static final long FILE = 0xF1;

    final List<String> calls = new ArrayList<>();
    final List<byte[]> rows = new ArrayList<>();
    final Deque<byte[]> received = new ArrayDeque<>();
    final List<byte[]> sent = new ArrayList<>();
    private final List<Memory> live = new ArrayList<>();
    private long nextEvent = 0x100;
    private int lastError;

    // wintun

    @Override
    public long createAdapter(String name, String tunnelType, byte[] requestedGuid) {
        calls.add("WintunCreateAdapter(" + name + ", " + tunnelType + ", " + requestedGuid + ")");
        return ADAPTER;
    }

    @Override
    public void closeAdapter(long adapter) {
        calls.add("WintunCloseAdapter(" + hex(adapter) + ")");
    }

    @Override
    public long adapterLuid(long adapter) {
        calls.add("WintunGetAdapterLUID(" + hex(adapter) + ")");
        return LUID;
    }

    @Override
    public long startSession(long adapter, int capacity) {
        calls.add("WintunStartSession(" + hex(adapter) + ", " + hex(capacity) + ")");
        return SESSION;
    }

    @Override
    public void endSession(long session) {
        calls.add("WintunEndSession(" + hex(session) + ")");
    }

    @Override
    public long readWaitEvent(long session) {
        calls.add("WintunGetReadWaitEvent(" + hex(session) + ")");
        return READ_EVENT;
    }

    @Override
    public long receivePacket(long session, long sizeAddress) {
        calls.add("WintunReceivePacket(" + hex(session) + ")");
        if (received.isEmpty()) {
            lastError = WintunDevice.ERROR_NO_MORE_ITEMS;
            return 0;
        }
        byte[] packet = received.poll();
        Memory m = new Memory(packet.length);
        m.write(0, packet, 0, packet.length);
        live.add(m);
        new Pointer(sizeAddress).setInt(0, packet.length);
        return Pointer.nativeValue(m);
    }

    @Override
    public void releaseReceivePacket(long session, long packet) {
        calls.add("WintunReleaseReceivePacket(" + hex(session) + ")");
    }

    @Override
    public long allocateSendPacket(long session, int size) {
        calls.add("WintunAllocateSendPacket(" + hex(session) + ", " + size + ")");
        Memory m = new Memory(size);
        live.add(m);
        return Pointer.nativeValue(m);
    }

    @Override
    public void sendPacket(long session, long packet) {
        calls.add("WintunSendPacket(" + hex(session) + ")");
        for (Memory m : live) {
            if (Pointer.nativeValue(m) == packet) {
                sent.add(m.getByteArray(0, (int) m.size()));
            }
        }
    }

    @Override
    public int lastError() {
        return lastError;
    }

    // kernel32

    @Override
    public long createEvent(boolean manualReset) {
        calls.add("CreateEvent(" + manualReset + ")");
        return nextEvent++;
    }

    @Override
    public void setEvent(long event) {
        calls.add("SetEvent(" + hex(event) + ")");
    }

    @Override
    public void closeHandle(long handle) {
        calls.add("CloseHandle(" + hex(handle) + ")");
    }

    @Override
    public int waitForMultipleObjects(int count, long handles, boolean waitAll, int millis) {
        Pointer p = new Pointer(handles);
        calls.add("WaitForMultipleObjects(" + count + ", [" + hex(p.getLong(0)) + ", " + hex(p.getLong(8)) + "], "
                + waitAll + ", " + millis + ")");
        received.add(new byte[] {0x45, 0, 0, 20});
        return WAIT_OBJECT_0;
    }

    @Override
    public void copyMemory(long destination, long source, long length) {
        new Pointer(destination).write(0, new Pointer(source).getByteArray(0, (int) length), 0, (int) length);
    }

    @Override
    public long createFile(String path) {
        calls.add("CreateFile(" + path + ")");
        return FILE;
    }

    @Override
    public int deviceIoControl(long handle, int code, byte[] in, byte[] out) {
        calls.add("DeviceIoControl(" + hex(handle) + ", " + hex(code) + ", " + HexFormat.of().formatHex(in) + ")");
        return out.length;
    }

    @Override
    public boolean readFile(long handle, long buffer, int length, long overlapped) {
        calls.add("ReadFile(" + hex(handle) + ", " + length + ")");
        return true;
    }

    @Override
    public boolean writeFile(long handle, long buffer, int length, long overlapped) {
        calls.add("WriteFile(" + hex(handle) + ", " + length + ")");
        return true;
    }

    @Override
    public boolean getOverlappedResult(long handle, long overlapped, long transferred, boolean wait) {
        calls.add("GetOverlappedResult(" + hex(handle) + ", event " + hex(new Pointer(overlapped).getLong(24)) + ")");
        new Pointer(transferred).setInt(0, 60);
        return true;
    }

    @Override
    public void cancelIoEx(long handle, long overlapped) {
        calls.add("CancelIoEx(" + hex(handle) + ")");
    }

    // iphlpapi

    @Override
    public void initializeIpInterfaceEntry(byte[] row) {
        calls.add("InitializeIpInterfaceEntry(" + row.length + ")");
    }

    @Override
    public int getIpInterfaceEntry(byte[] row) {
        calls.add("GetIpInterfaceEntry");
        return 0;
    }

    @Override
    public int setIpInterfaceEntry(byte[] row) {
        calls.add("SetIpInterfaceEntry");
        rows.add(row.clone());
        return 0;
    }

    @Override
    public void initializeUnicastIpAddressEntry(byte[] row) {
        calls.add("InitializeUnicastIpAddressEntry(" + row.length + ")");
    }

    @Override
    public int createUnicastIpAddressEntry(byte[] row) {
        calls.add("CreateUnicastIpAddressEntry");
        rows.add(row.clone());
        return 0;
    }

    @Override
    public void initializeIpForwardEntry(byte[] row) {
        calls.add("InitializeIpForwardEntry(" + row.length + ")");
    }

    @Override
    public int createIpForwardEntry2(byte[] row) {
        calls.add("CreateIpForwardEntry2");
        rows.add(row.clone());
        return 0;
    }

    @Override
    public int deleteIpForwardEntry2(byte[] row) {
        calls.add("DeleteIpForwardEntry2");
        rows.add(row.clone());
        return 0;
    }

    @Override
    public int convertInterfaceAliasToLuid(String alias, long[] luid) {
        calls.add("ConvertInterfaceAliasToLuid(" + alias + ")");
        luid[0] = LUID;
        return 0;
    }

    @Override
    public int convertInterfaceLuidToGuid(long luid, byte[] guid) {
        calls.add("ConvertInterfaceLuidToGuid(" + hex(luid) + ")");
        for (int i = 0; i < 16; i++) {
            guid[i] = (byte) (i + 1);
        }
        return 0;
    }

    private static String hex(long value) {
        return "0x" + Long.toHexString(value);
    }
}
