package org.gost4j.tunnel.internal;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.gost4j.api.device.TunDevice;

/**
 * The tunnel's device, and how to open another like it under the same name when it fails: the engine reads and
 * writes the {@link #current} one, and whatever keeps state on the device (routes) reapplies it after a reopen.
 */
final class TunnelDevice {

    /** Opens and sets up a device named {@code name} (empty: the kernel's choice). */
    interface Opener {
        TunDevice open(String name) throws IOException;
    }

    private final Opener opener;
    private final List<Runnable> afterReopen = new CopyOnWriteArrayList<>();
    private volatile TunDevice current;
    /** Guarded by {@code this}: once closed, a reopen that was under way closes what it opened. */
    private boolean closed;

    private TunnelDevice(Opener opener, TunDevice first) {
        this.opener = opener;
        this.current = first;
    }

    /** Opens the first device. */
    static TunnelDevice open(Opener opener, String name) throws IOException {
        return new TunnelDevice(opener, opener.open(name));
    }

    TunDevice current() {
        return current;
    }

    /** Runs {@code action} after every reopen, e.g. to put routes back. */
    void afterReopen(Runnable action) {
        afterReopen.add(action);
    }

    /**
     * Opens a new device with the failed one's name (the caller closed that one) and makes it current.
     *
     * @throws IOException if it cannot be opened, or the tunnel closed meanwhile
     */
    TunDevice reopen() throws IOException {
        TunDevice next = opener.open(current.name());
        synchronized (this) {
            if (closed) {
                next.close();
                throw new IOException("the tunnel stopped");
            }
            current = next;
        }
        afterReopen.forEach(Runnable::run);
        return next;
    }

    synchronized void close() {
        closed = true;
        current.close();
    }
}
