package org.gost4j.api.io;

import java.io.IOException;
import java.nio.channels.ClosedChannelException;

import org.osgi.annotation.versioning.ProviderType;

/**
 * A packet source whose readiness an operating system poll ({@code poll(2)}) can watch, so that one thread can
 * wait for several sources at once and serve whichever is ready: the tunnel waits for its device and its socket
 * together. Sources implement it where the system gives them such descriptors.
 */
@ProviderType
public interface Pollable {

    /**
     * Holds this source's descriptors open for a poller until {@link #releaseDescriptors}: each polls readable
     * ({@code POLLIN}, or an error or hang-up) when {@link #readNow} would return at once, with data, or with the
     * failure or the close that ended the source.
     *
     * @throws ClosedChannelException once the source is closed
     */
    int[] acquireDescriptors() throws ClosedChannelException;

    /** Gives back what {@link #acquireDescriptors} held; the descriptors may be closed from then on. */
    void releaseDescriptors();

    /**
     * Appends to {@code batch} whatever is waiting now, without blocking, by the rules of {@link PacketBatch}.
     *
     * @return the number of entries added; 0 if nothing was waiting
     * @throws ClosedChannelException once the source is closed
     */
    int readNow(PacketBatch batch) throws IOException;
}
