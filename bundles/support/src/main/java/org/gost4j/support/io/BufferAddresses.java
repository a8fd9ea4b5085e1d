package org.gost4j.support.io;

import java.nio.ByteBuffer;
import java.util.function.ToLongFunction;

/**
 * The native addresses of the last two direct buffers one direction of a device or socket was handed (a tunnel
 * reuses a few buffers for ever), looked up again only when another buffer comes: the lookup is a native call
 * (through JNI or JNA, whichever the bundle's native calls go through). Safe for several threads: each entry is
 * immutable and published whole.
 */
public final class BufferAddresses {

    private record Entry(ByteBuffer buffer, long address) {
    }

    private final ToLongFunction<ByteBuffer> lookup;
    private volatile Entry last;
    private volatile Entry previous;

    /** @param lookup the native address of a direct buffer's first byte */
    public BufferAddresses(ToLongFunction<ByteBuffer> lookup) {
        this.lookup = lookup;
    }

    /** The native address of {@code direct}'s first byte. */
    public long of(ByteBuffer direct) {
        Entry entry = last;
        if (entry != null && entry.buffer == direct) {
            return entry.address;
        }
        Entry other = previous;
        Entry found = other != null && other.buffer == direct ? other : new Entry(direct, lookup.applyAsLong(direct));
        previous = entry;
        last = found;
        return found.address;
    }
}
