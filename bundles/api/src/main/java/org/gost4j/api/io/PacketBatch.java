package org.gost4j.api.io;

import java.net.InetSocketAddress;
import java.nio.ByteBuffer;

/**
 * An explicit batch of packets (or datagrams) in one direct buffer, moved by one call: a device read or write, an
 * endpoint receive or send. Entry {@code i} is the bytes {@code [offset(i), offset(i) + length(i))} of
 * {@link #buffer()}, with a peer address for datagrams (null for device packets). Entries may share bytes (one
 * frame sent to several peers) or refer to another batch's buffer (a batch made over it).
 *
 * <p>A reader appends: it writes a packet at {@link #end()} and adds it, and takes a packet only while the batch
 * is not {@link #isFull() full}, so a packet is never cut short. When a read returns with the batch not full, the
 * source holds nothing it took from the operating system: anything further is still there. A writer takes every
 * entry in order. The buffer's own position and limit are scratch space for whoever is handling the batch:
 * {@link #buffer()} hands it out cleared.
 *
 * <p>Not thread-safe: each thread uses batches of its own. Allocates nothing after construction.
 */
public final class PacketBatch {

    /** The room a reader needs for any packet or datagram (with UDP GRO, a batch of them) in one piece. */
    public static final int MAX_PACKET = 65536;

    private final ByteBuffer buffer;
    private final int[] offsets;
    private final int[] lengths;
    private final InetSocketAddress[] addresses;
    private int size;
    private int end;

    /**
     * A batch over {@code buffer} (direct; shared, not copied) of at most {@code capacity} entries.
     *
     * @throws IllegalArgumentException if the buffer is not direct or the capacity is below 1
     */
    public PacketBatch(ByteBuffer buffer, int capacity) {
        if (!buffer.isDirect()) {
            throw new IllegalArgumentException("a packet batch needs a direct buffer");
        }
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity " + capacity + " is below 1");
        }
        this.buffer = buffer;
        this.offsets = new int[capacity];
        this.lengths = new int[capacity];
        this.addresses = new InetSocketAddress[capacity];
    }

    /** A batch of {@code capacity} entries over a new direct buffer of {@code bytes}. */
    public static PacketBatch allocate(int capacity, int bytes) {
        return new PacketBatch(ByteBuffer.allocateDirect(bytes), capacity);
    }

    /** The buffer, cleared (position 0, limit its capacity): entries are absolute, position and limit scratch. */
    public ByteBuffer buffer() {
        return buffer.clear();
    }

    public int size() {
        return size;
    }

    public int capacity() {
        return offsets.length;
    }

    public boolean isEmpty() {
        return size == 0;
    }

    /** Whether a reader must stop: every entry taken, or less than {@link #MAX_PACKET} bytes left after {@link #end()}. */
    public boolean isFull() {
        return size == offsets.length || room() < MAX_PACKET;
    }

    /** Where a reader writes the next packet: the end of the last entry added in buffer order. */
    public int end() {
        return end;
    }

    /** The bytes from {@link #end()} to the buffer's capacity. */
    public int room() {
        return buffer.capacity() - end;
    }

    public int offset(int index) {
        check(index);
        return offsets[index];
    }

    public int length(int index) {
        check(index);
        return lengths[index];
    }

    /** The peer a datagram came from or goes to; null for device packets. */
    public InetSocketAddress address(int index) {
        check(index);
        return addresses[index];
    }

    /** Adds a device packet. */
    public void add(int offset, int length) {
        add(offset, length, null);
    }

    /**
     * Adds an entry for the bytes {@code [offset, offset + length)}, with a peer address for a datagram.
     *
     * @throws IllegalStateException if the batch holds {@link #capacity()} entries
     * @throws IndexOutOfBoundsException if the bytes are not inside the buffer
     */
    public void add(int offset, int length, InetSocketAddress address) {
        if (size == offsets.length) {
            throw new IllegalStateException("the batch holds " + size + " entries already");
        }
        if (offset < 0 || length < 0 || offset > buffer.capacity() - length) {
            throw new IndexOutOfBoundsException("bytes " + offset + "+" + length + " outside a buffer of "
                    + buffer.capacity());
        }
        offsets[size] = offset;
        lengths[size] = length;
        addresses[size] = address;
        size++;
        end = Math.max(end, offset + length);
    }

    /** Forgets every entry (and the addresses they held). */
    public void clear() {
        for (int i = 0; i < size; i++) {
            addresses[i] = null;
        }
        size = 0;
        end = 0;
    }

    private void check(int index) {
        if (index < 0 || index >= size) {
            throw new IndexOutOfBoundsException("entry " + index + " of " + size);
        }
    }
}
