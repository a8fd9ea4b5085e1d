package org.gost4j.device.windows.internal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.function.Consumer;

import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.Pointer;

import org.gost4j.api.device.DeviceType;
import org.gost4j.api.device.IpNetwork;
import org.gost4j.api.device.TunDevice;
import org.gost4j.support.device.HeapBuffers;

/**
 * A tap-windows6 adapter opened as {@code \\.\Global\{GUID}.tap}: Ethernet frames through overlapped
 * ReadFile/WriteFile. Each direction has its own OVERLAPPED and event and waits on it together with the close
 * event; a close cancels the pending I/O.
 */
final class TapWindowsDevice implements TunDevice {

    static final int ERROR_IO_PENDING = 997;
    /** OVERLAPPED (x64): Internal, InternalHigh, Offset/OffsetHigh, hEvent. */
    static final int OVERLAPPED_SIZE = 32;
    static final int OVERLAPPED_EVENT = 24;

    private final Kernel32Api kernel32;
    private final WindowsConfigurator configurator;
    private final long handle;
    private final long luid;
    private final String name;
    /** Error texts built once, not per packet. */
    private final String readOperation;
    private final String writeOperation;
    private final int mtu;
    private final Lifecycle lifecycle;
    private final Consumer<TunDevice> onClosed;
    private final Direction reads;
    private final Direction writes;

    /** One OVERLAPPED, its event, a transferred-bytes cell and the wait set, per direction. */
    private final class Direction {
        final Memory overlapped = new Memory(OVERLAPPED_SIZE);
        final Memory transferred = new Memory(4);
        final Memory waitSet;
        volatile ByteBuffer buffer;
        volatile long address;

        Direction(long event) {
            overlapped.clear();
            overlapped.setLong(OVERLAPPED_EVENT, event);
            waitSet = lifecycle.waitSet(event);
        }

        long addressOf(ByteBuffer b) {
            if (buffer != b) {
                address = Pointer.nativeValue(Native.getDirectBufferPointer(b));
                buffer = b;
            }
            return address;
        }

        /** Completes an I/O that may be pending; the close event cancels it. */
        int complete(boolean started, String operation) throws IOException {
            if (!started) {
                int error = kernel32.lastError();
                if (error != ERROR_IO_PENDING) {
                    lifecycle.ensureOpen();
                    throw new WinException(operation, error);
                }
            }
            int woke = kernel32.waitForMultipleObjects(2, Pointer.nativeValue(waitSet), false, Kernel32Api.INFINITE);
            if (woke != Kernel32Api.WAIT_OBJECT_0) {
                kernel32.cancelIoEx(handle, Pointer.nativeValue(overlapped));
            }
            boolean done = kernel32.getOverlappedResult(handle, Pointer.nativeValue(overlapped),
                    Pointer.nativeValue(transferred), true);
            lifecycle.ensureOpen();
            if (!done) {
                throw new WinException(operation, kernel32.lastError());
            }
            return transferred.getInt(0);
        }
    }

    TapWindowsDevice(Kernel32Api kernel32, WindowsConfigurator configurator, long handle, long luid, long[] events,
            String name, int mtu, Consumer<TunDevice> onClosed) {
        this.kernel32 = kernel32;
        this.configurator = configurator;
        this.handle = handle;
        this.luid = luid;
        this.name = name;
        this.readOperation = "read from " + name;
        this.writeOperation = "write to " + name;
        this.mtu = mtu;
        this.onClosed = onClosed;
        this.lifecycle = new Lifecycle(kernel32, events[0], () -> {
            kernel32.closeHandle(handle);
            kernel32.closeHandle(events[1]);
            kernel32.closeHandle(events[2]);
        });
        this.reads = new Direction(events[1]);
        this.writes = new Direction(events[2]);
    }

    long luid() {
        return luid;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public DeviceType type() {
        return DeviceType.TAP;
    }

    @Override
    public int mtu() {
        return mtu;
    }

    @Override
    public int read(ByteBuffer dst) throws IOException {
        if (!dst.isDirect()) {
            return HeapBuffers.read(this, dst);
        }
        lifecycle.acquire();
        try {
            int position = dst.position();
            long address = reads.addressOf(dst) + position;
            boolean started = kernel32.readFile(handle, address, dst.limit() - position,
                    Pointer.nativeValue(reads.overlapped));
            int n = reads.complete(started, readOperation);
            dst.position(position + n);
            return n;
        } finally {
            lifecycle.release();
        }
    }

    @Override
    public void write(ByteBuffer src) throws IOException {
        if (!src.isDirect()) {
            HeapBuffers.write(this, src);
            return;
        }
        lifecycle.acquire();
        try {
            int position = src.position();
            int length = src.limit() - position;
            boolean started = kernel32.writeFile(handle, writes.addressOf(src) + position, length,
                    Pointer.nativeValue(writes.overlapped));
            writes.complete(started, writeOperation);
            src.position(position + length);
        } finally {
            lifecycle.release();
        }
    }

    @Override
    public void addRoute(IpNetwork route) throws IOException {
        lifecycle.ensureOpen();
        configurator.addRoute(name, luid, route);
    }

    @Override
    public void removeRoute(IpNetwork route) throws IOException {
        lifecycle.ensureOpen();
        configurator.removeRoute(name, luid, route);
    }

    @Override
    public void close() {
        if (lifecycle.close()) {
            onClosed.accept(this);
        }
    }

    @Override
    public String toString() {
        return "TapWindowsDevice[" + name + ", mtu " + mtu + "]";
    }
}
