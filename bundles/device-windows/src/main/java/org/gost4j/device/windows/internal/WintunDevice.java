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
 * A wintun adapter and its session. wintun hands out packets from its receive ring and takes packets
 * allocated in its send ring; each read or write is one copy between the ring and the tunnel's direct buffer.
 * An empty receive ring waits on wintun's read event together with the close event.
 */
final class WintunDevice implements TunDevice {

    static final int ERROR_HANDLE_EOF = 38;
    static final int ERROR_BUFFER_OVERFLOW = 111;
    static final int ERROR_NO_MORE_ITEMS = 259;

    private final WintunApi wintun;
    private final Kernel32Api kernel32;
    private final WindowsConfigurator configurator;
    private final long adapter;
    private final long session;
    private final long luid;
    private final String name;
    private final int mtu;
    private final Lifecycle lifecycle;
    private final Consumer<TunDevice> onClosed;
    private final Memory waitSet;
    private final Memory packetSize = new Memory(4);

    private volatile ByteBuffer readBuffer;
    private volatile long readAddress;
    private volatile ByteBuffer writeBuffer;
    private volatile long writeAddress;

    WintunDevice(WintunApi wintun, Kernel32Api kernel32, WindowsConfigurator configurator, long adapter,
            long session, long closeEvent, String name, int mtu, Consumer<TunDevice> onClosed) {
        this.wintun = wintun;
        this.kernel32 = kernel32;
        this.configurator = configurator;
        this.adapter = adapter;
        this.session = session;
        this.luid = wintun.adapterLuid(adapter);
        this.name = name;
        this.mtu = mtu;
        this.onClosed = onClosed;
        this.lifecycle = new Lifecycle(kernel32, closeEvent, () -> {
            wintun.endSession(session);
            wintun.closeAdapter(adapter);
        });
        this.waitSet = lifecycle.waitSet(wintun.readWaitEvent(session));
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
        return DeviceType.TUN;
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
            if (readBuffer != dst) {
                readAddress = Pointer.nativeValue(Native.getDirectBufferPointer(dst));
                readBuffer = dst;
            }
            int position = dst.position();
            int room = dst.limit() - position;
            while (true) {
                lifecycle.ensureOpen();
                long packet = wintun.receivePacket(session, Pointer.nativeValue(packetSize));
                if (packet != 0) {
                    int length = Math.min(packetSize.getInt(0), room);
                    kernel32.copyMemory(readAddress + position, packet, length);
                    wintun.releaseReceivePacket(session, packet);
                    dst.position(position + length);
                    return length;
                }
                int error = wintun.lastError();
                if (error != ERROR_NO_MORE_ITEMS) {
                    lifecycle.ensureOpen();
                    throw new WinException("read from " + name + (error == ERROR_HANDLE_EOF
                            ? " (the adapter is gone)" : ""), error);
                }
                kernel32.waitForMultipleObjects(2, Pointer.nativeValue(waitSet), false, Kernel32Api.INFINITE);
            }
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
            if (writeBuffer != src) {
                writeAddress = Pointer.nativeValue(Native.getDirectBufferPointer(src));
                writeBuffer = src;
            }
            int position = src.position();
            int length = src.limit() - position;
            long packet = wintun.allocateSendPacket(session, length);
            if (packet != 0) {
                kernel32.copyMemory(packet, writeAddress + position, length);
                wintun.sendPacket(session, packet);
            } else {
                int error = wintun.lastError();
                // a full send ring drops the packet, as a full interface queue would
                if (error != ERROR_BUFFER_OVERFLOW) {
                    throw new WinException("write to " + name, error);
                }
            }
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
        return "WintunDevice[" + name + ", mtu " + mtu + "]";
    }
}
