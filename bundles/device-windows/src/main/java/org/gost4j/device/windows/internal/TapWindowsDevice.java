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
 * A tap-windows6 adapter opened as {@code \\.\Global\{GUID}.tap}: Ethernet frames through overlapped
 * ReadFile/WriteFile, one per call, so a read is a batch of one. Each direction has its own OVERLAPPED and event
 * and waits on it together with the close event; a close cancels the pending I/O.
 */
final class TapWindowsDevice extends WindowsDevice {

    static final int ERROR_IO_PENDING = 997;
    /** OVERLAPPED (x64): Internal, InternalHigh, Offset/OffsetHigh, hEvent. */
    static final int OVERLAPPED_SIZE = 32;
    static final int OVERLAPPED_EVENT = 24;

    private final Kernel32Api kernel32;
    private final long handle;
    private final long[] events;
    /** Error texts built once, not per packet. */
    private final String readOperation;
    private final String writeOperation;
    private final Direction reads;
    private final Direction writes;

    /** One OVERLAPPED, its event, a transferred-bytes cell and the wait set, per direction. */
    private final class Direction {
        final Memory overlapped = new Memory(OVERLAPPED_SIZE);
        final Memory transferred = new Memory(4);
        final Memory waitSet;
        final BufferAddresses buffers = new BufferAddresses(NativeStructs::address);

        Direction(long event) {
            overlapped.clear();
            overlapped.setLong(OVERLAPPED_EVENT, event);
            waitSet = WaitSets.of(event, events[0]);
        }

        /** Completes an I/O that may be pending; the close event cancels it. */
        int complete(boolean started, String operation) throws IOException {
            if (!started) {
                int error = kernel32.lastError();
                if (error != ERROR_IO_PENDING) {
                    ensureOpen();
                    throw new WinException(operation, error);
                }
            }
            int woke = kernel32.waitForMultipleObjects(2, Pointer.nativeValue(waitSet), false, Kernel32Api.INFINITE);
            if (woke != Kernel32Api.WAIT_OBJECT_0) {
                kernel32.cancelIoEx(handle, Pointer.nativeValue(overlapped));
            }
            boolean done = kernel32.getOverlappedResult(handle, Pointer.nativeValue(overlapped),
                    Pointer.nativeValue(transferred), true);
            ensureOpen();
            if (!done) {
                throw new WinException(operation, kernel32.lastError());
            }
            return transferred.getInt(0);
        }
    }

    /** @param events the close event, then one event for reads and one for writes */
    TapWindowsDevice(Kernel32Api kernel32, WindowsConfigurator configurator, long handle, long luid, long[] events,
            String name, int mtu, OpenDevices openDevices) {
        super(name, DeviceType.TAP, mtu, openDevices, configurator, luid);
        this.kernel32 = kernel32;
        this.handle = handle;
        this.events = events.clone();
        this.readOperation = "read from " + name;
        this.writeOperation = "write to " + name;
        this.reads = new Direction(events[1]);
        this.writes = new Direction(events[2]);
    }

    @Override
    public int batchSize() {
        return 1;
    }

    /** One frame per overlapped read; after it, nothing without waiting. */
    @Override
    protected int readPackets(PacketBatch batch, boolean wait) throws IOException {
        if (!wait) {
            return 0;
        }
        int at = batch.end();
        boolean started = kernel32.readFile(handle, reads.buffers.of(batch.buffer()) + at, batch.room(),
                Pointer.nativeValue(reads.overlapped));
        batch.add(at, reads.complete(started, readOperation));
        return 1;
    }

    @Override
    protected void writePacket(PacketBatch batch, int index) throws IOException {
        boolean started = kernel32.writeFile(handle, writes.buffers.of(batch.buffer()) + batch.offset(index),
                batch.length(index), Pointer.nativeValue(writes.overlapped));
        writes.complete(started, writeOperation);
    }


    @Override
    protected void wakeBlockedCalls() {
        kernel32.setEvent(events[0]);
    }

    @Override
    protected void release() {
        kernel32.closeHandle(handle);
        kernel32.closeHandle(events[1]);
        kernel32.closeHandle(events[2]);
        kernel32.closeHandle(events[0]);
    }
}
