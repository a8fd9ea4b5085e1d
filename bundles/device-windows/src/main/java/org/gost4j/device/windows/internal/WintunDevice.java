package org.gost4j.device.windows.internal;

import java.io.IOException;

import com.sun.jna.Memory;
import com.sun.jna.Pointer;

import org.gost4j.api.device.DeviceType;
import org.gost4j.api.io.PacketBatch;
import org.gost4j.support.device.OpenDevices;
import org.gost4j.support.io.BufferAddresses;
import org.gost4j.support.jna.NativeStructs;

/**
 * A wintun adapter and its session. wintun hands out packets from its receive ring and takes packets
 * allocated in its send ring; each packet is one copy between the ring and the batch, and a read takes
 * packets until the ring is empty or the batch full. An empty receive ring waits on wintun's read event
 * together with the close event.
 */
final class WintunDevice extends WindowsDevice {

    static final int ERROR_HANDLE_EOF = 38;
    static final int ERROR_BUFFER_OVERFLOW = 111;
    static final int ERROR_NO_MORE_ITEMS = 259;
    /** The rings hold many packets; no system call per packet. */
    static final int BATCH_SIZE = 64;

    private final WintunApi wintun;
    private final Kernel32Api kernel32;
    private final long adapter;
    private final long session;
    private final long closeEvent;
    private final Memory waitSet;
    private final Memory packetSize = new Memory(4);
    private final BufferAddresses readBuffers = new BufferAddresses(NativeStructs::address);
    private final BufferAddresses writeBuffers = new BufferAddresses(NativeStructs::address);

    WintunDevice(WintunApi wintun, Kernel32Api kernel32, WindowsConfigurator configurator, long adapter,
            long session, long closeEvent, String name, int mtu, OpenDevices openDevices) {
        super(name, DeviceType.TUN, mtu, openDevices, configurator, wintun.adapterLuid(adapter));
        this.wintun = wintun;
        this.kernel32 = kernel32;
        this.adapter = adapter;
        this.session = session;
        this.closeEvent = closeEvent;
        this.waitSet = WaitSets.of(wintun.readWaitEvent(session), closeEvent);
    }

    @Override
    public int batchSize() {
        return BATCH_SIZE;
    }

    @Override
    protected int readPackets(PacketBatch batch, boolean wait) throws IOException {
        long base = readBuffers.of(batch.buffer());
        while (true) {
            ensureOpen();
            long packet = wintun.receivePacket(session, Pointer.nativeValue(packetSize));
            if (packet != 0) {
                int at = batch.end();
                int length = Math.min(packetSize.getInt(0), batch.room());
                kernel32.copyMemory(base + at, packet, length);
                wintun.releaseReceivePacket(session, packet);
                batch.add(at, length);
                return 1;
            }
            int error = wintun.lastError();
            if (error != ERROR_NO_MORE_ITEMS) {
                ensureOpen();
                throw new WinException("read from " + name() + (error == ERROR_HANDLE_EOF
                        ? " (the adapter is gone)" : ""), error);
            }
            if (!wait) {
                return 0;
            }
            kernel32.waitForMultipleObjects(2, Pointer.nativeValue(waitSet), false, Kernel32Api.INFINITE);
        }
    }

    @Override
    protected void writePacket(PacketBatch batch, int index) throws IOException {
        int length = batch.length(index);
        long packet = wintun.allocateSendPacket(session, length);
        if (packet != 0) {
            kernel32.copyMemory(packet, writeBuffers.of(batch.buffer()) + batch.offset(index), length);
            wintun.sendPacket(session, packet);
            return;
        }
        int error = wintun.lastError();
        // a full send ring drops the packet, as a full interface queue would
        if (error != ERROR_BUFFER_OVERFLOW) {
            throw new WinException("write to " + name(), error);
        }
    }


    @Override
    protected void wakeBlockedCalls() {
        kernel32.setEvent(closeEvent);
    }

    @Override
    protected void release() {
        wintun.endSession(session);
        wintun.closeAdapter(adapter);
        kernel32.closeHandle(closeEvent);
    }
}
