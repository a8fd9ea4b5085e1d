package org.gost4j.device.windows.internal;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import com.sun.jna.Native;
import com.sun.jna.NativeLibrary;
import com.sun.jna.WString;

/**
 * The real {@link WintunApi}: {@code wintun.dll} from next to the appliance ({@code <gost4j.home>/lib/} or
 * {@code <gost4j.home>/}), bound with JNA direct mapping. Only ever loaded on Windows.
 */
final class JnaWintun implements WintunApi {

    static final String HOME_PROPERTY = "gost4j.home";

    /** Direct mapping, bound once to the DLL found by {@link #load()}. */
    static final class Direct {
        private Direct() {
        }

        static native long WintunCreateAdapter(WString name, WString tunnelType, byte[] requestedGuid);

        static native void WintunCloseAdapter(long adapter);

        static native void WintunGetAdapterLUID(long adapter, long[] luid);

        static native long WintunStartSession(long adapter, int capacity);

        static native void WintunEndSession(long session);

        static native long WintunGetReadWaitEvent(long session);

        static native long WintunReceivePacket(long session, long size);

        static native void WintunReleaseReceivePacket(long session, long packet);

        static native long WintunAllocateSendPacket(long session, int size);

        static native void WintunSendPacket(long session, long packet);
    }

    private JnaWintun() {
    }

    /** @throws IllegalStateException saying what to install and where, if the DLL is missing */
    static synchronized WintunApi load() {
        List<Path> candidates = candidates();
        Path dll = candidates.stream().filter(Files::isRegularFile).findFirst().orElseThrow(() ->
                new IllegalStateException("wintun.dll not found (looked for " + candidates + "): download Wintun"
                        + " from https://www.wintun.net/ and copy bin/amd64/wintun.dll (bin/arm64/ on ARM) into "
                        + (candidates.isEmpty() ? "the appliance's lib/ folder" : candidates.get(0).getParent())));
        Native.register(Direct.class, NativeLibrary.getInstance(dll.toAbsolutePath().toString()));
        return new JnaWintun();
    }

    static List<Path> candidates() {
        List<Path> paths = new ArrayList<>();
        String home = System.getProperty(HOME_PROPERTY);
        if (home != null) {
            paths.add(Path.of(home, "lib", "wintun.dll"));
            paths.add(Path.of(home, "wintun.dll"));
        }
        return paths;
    }

    @Override
    public long createAdapter(String name, String tunnelType, byte[] requestedGuid) throws WinException {
        long adapter = Direct.WintunCreateAdapter(new WString(name), new WString(tunnelType), requestedGuid);
        if (adapter == 0) {
            throw new WinException("WintunCreateAdapter", Native.getLastError());
        }
        return adapter;
    }

    @Override
    public void closeAdapter(long adapter) {
        Direct.WintunCloseAdapter(adapter);
    }

    @Override
    public long adapterLuid(long adapter) {
        long[] luid = new long[1];
        Direct.WintunGetAdapterLUID(adapter, luid);
        return luid[0];
    }

    @Override
    public long startSession(long adapter, int capacity) throws WinException {
        long session = Direct.WintunStartSession(adapter, capacity);
        if (session == 0) {
            throw new WinException("WintunStartSession", Native.getLastError());
        }
        return session;
    }

    @Override
    public void endSession(long session) {
        Direct.WintunEndSession(session);
    }

    @Override
    public long readWaitEvent(long session) {
        return Direct.WintunGetReadWaitEvent(session);
    }

    @Override
    public long receivePacket(long session, long sizeAddress) {
        return Direct.WintunReceivePacket(session, sizeAddress);
    }

    @Override
    public void releaseReceivePacket(long session, long packet) {
        Direct.WintunReleaseReceivePacket(session, packet);
    }

    @Override
    public long allocateSendPacket(long session, int size) {
        return Direct.WintunAllocateSendPacket(session, size);
    }

    @Override
    public void sendPacket(long session, long packet) {
        Direct.WintunSendPacket(session, packet);
    }

    @Override
    public int lastError() {
        return Native.getLastError();
    }
}
