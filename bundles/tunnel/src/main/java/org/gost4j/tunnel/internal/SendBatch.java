package org.gost4j.tunnel.internal;

import java.net.InetSocketAddress;
import java.nio.ByteBuffer;

/**
 * Datagrams for one target, back to back, each as long as the first but the last, which may be shorter: what
 * {@link org.gost4j.api.transport.DatagramEndpoint#send(ByteBuffer, int, InetSocketAddress)} sends in one UDP
 * GSO call. Packets read from the device in a row (small UDP, TCP acknowledgements) usually qualify, and one
 * send instead of one per packet saves the kernel's UDP and IP work for all but the first. Copying a packet in
 * costs far less than that work. Used by one thread only.
 */
final class SendBatch {

    /** What one UDP GSO send can carry; see the endpoint's own limits. */
    static final int MAX_BYTES = 65000;
    static final int MAX_DATAGRAMS = 64;

    private final ByteBuffer staging = ByteBuffer.allocateDirect(MAX_BYTES);
    private InetSocketAddress target;
    private int datagramSize;
    private int count;

    /**
     * Appends the remaining bytes of {@code datagram} if they fit this batch: same target, not longer than the
     * first datagram, none shorter before them, room left.
     *
     * @return false if the datagram was not taken (the caller sends the batch, then offers it again)
     */
    boolean offer(ByteBuffer datagram, InetSocketAddress to) {
        int length = datagram.remaining();
        if (count == 0) {
            if (length == 0 || length > MAX_BYTES) {
                return false;
            }
            target = to;
            datagramSize = length;
        } else if (count == MAX_DATAGRAMS || length > datagramSize || staging.position() % datagramSize != 0
                || staging.remaining() < length || !to.equals(target)) {
            return false;
        }
        staging.put(datagram);
        count++;
        return true;
    }

    boolean isEmpty() {
        return count == 0;
    }

    int count() {
        return count;
    }

    InetSocketAddress target() {
        return target;
    }

    int datagramSize() {
        return datagramSize;
    }

    /** The batched datagrams, flipped for sending; {@link #clear} after. */
    ByteBuffer contents() {
        return staging.flip();
    }

    void clear() {
        staging.clear();
        target = null;
        count = 0;
    }
}
