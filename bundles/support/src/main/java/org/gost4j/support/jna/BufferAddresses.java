package org.gost4j.support.jna;

import java.nio.ByteBuffer;

/**
 * The native addresses of the last two direct buffers one direction of a device or socket was handed (a tunnel
 * reuses a few buffers for ever), looked up again only when another buffer comes: the lookup is a native call.
 * Safe for several threads: each entry is immutable and published whole.
 */
public final class BufferAddresses {

    private record Entry(ByteBuffer buffer, long address) {
    }

    private volatile Entry last;
    private volatile Entry previous;

    /** The native address of {@code direct}'s first byte. */
    public long of(ByteBuffer direct) {
        Entry entry = last;
        if (entry != null && entry.buffer == direct) {
            return entry.address;
        }
        Entry other = previous;
        Entry found = other != null && other.buffer == direct ? other : new Entry(direct, NativeStructs.address(direct));
        previous = entry;
        last = found;
        return found.address;
    }
}
