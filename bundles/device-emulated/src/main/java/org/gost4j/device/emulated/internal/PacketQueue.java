package org.gost4j.device.emulated.internal;

import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.TimeUnit;

import org.gost4j.api.io.PacketBatch;

/**
 * A bounded packet queue over preallocated slots, so moving a packet copies bytes but allocates nothing.
 * Full means drop, as a kernel's interface queue does. Closing wakes every waiting reader.
 */
final class PacketQueue {

    /** Put into {@link #filled} on close and put back by every reader that sees it, so all readers wake. */
    private static final Slot CLOSED = new Slot(0);

    private final ArrayBlockingQueue<Slot> free;
    private final ArrayBlockingQueue<Slot> filled;
    private final int slotSize;
    private volatile boolean closed;

    private static final class Slot {
        final byte[] data;
        int length;

        Slot(int size) {
            data = new byte[size];
        }
    }

    PacketQueue(int capacity, int slotSize) {
        this.slotSize = slotSize;
        free = new ArrayBlockingQueue<>(capacity);
        filled = new ArrayBlockingQueue<>(capacity + 1);
        for (int i = 0; i < capacity; i++) {
            free.add(new Slot(slotSize));
        }
    }

    /**
     * Copies the remaining bytes of {@code packet} into the queue without moving its position.
     *
     * @return false if dropped: closed, full, or longer than a slot
     */
    boolean offer(ByteBuffer packet) {
        int length = packet.remaining();
        if (closed || length > slotSize) {
            return false;
        }
        Slot slot = free.poll();
        if (slot == null) {
            return false;
        }
        packet.get(packet.position(), slot.data, 0, length);
        slot.length = length;
        filled.add(slot);
        return true;
    }

    /**
     * Appends the next packet to {@code batch}, cut to the room there, as a kernel cuts a packet too long for the
     * reader's buffer; blocks for it if {@code wait}.
     *
     * @return false if nothing was queued and {@code wait} is false
     * @throws ClosedChannelException once the queue is closed, also to a blocked reader
     */
    boolean take(PacketBatch batch, boolean wait) throws ClosedChannelException {
        Slot slot;
        try {
            slot = wait ? filled.take() : filled.poll();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ClosedChannelException();
        }
        if (slot == null) {
            return false;
        }
        if (slot == CLOSED) {
            filled.add(CLOSED);
            throw new ClosedChannelException();
        }
        int at = batch.end();
        int length = Math.min(slot.length, batch.room());
        batch.buffer().put(at, slot.data, 0, length);
        batch.add(at, length);
        free.add(slot);
        return true;
    }

    /** Waits for the next packet and returns a copy, or null on timeout or once closed. */
    ByteBuffer poll(long timeout, TimeUnit unit) throws InterruptedException {
        Slot slot = filled.poll(timeout, unit);
        if (slot == null) {
            return null;
        }
        if (slot == CLOSED) {
            filled.add(CLOSED);
            return null;
        }
        ByteBuffer copy = ByteBuffer.allocate(slot.length);
        copy.put(slot.data, 0, slot.length).flip();
        free.add(slot);
        return copy;
    }

    void close() {
        if (!closed) {
            closed = true;
            filled.add(CLOSED);
        }
    }
}
