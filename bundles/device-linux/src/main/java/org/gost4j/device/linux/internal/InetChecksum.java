package org.gost4j.device.linux.internal;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * The Internet checksum (RFC 1071) over buffer ranges, and big-endian field access that ignores the buffer's
 * byte order (a caller's buffer may be little-endian). Nothing here allocates.
 *
 * <p>A caller that knows its direct buffer's native address sums through the bundle's JNI library where it
 * loaded ({@link JniTunSyscalls#checksum}): a TCP payload is summed once when it is cut into segments and once
 * when a segment is joined, and the Java loop took a fifth of each appliance's CPU time under a TCP stream
 * (about 0.4 µs per 1300 bytes against 0.05 µs in C). Short ranges stay in Java, where the call would cost more.
 */
final class InetChecksum {

    /** Below this many bytes the Java loop is cheaper than a JNI call. */
    static final int NATIVE_MIN = 128;

    /**
     * Follows whether the JNI library loaded, as {@link TunSyscalls#best} does, so {@code -Dgost4j.jni=false} (the
     * library left unloaded) turns it off with the JNI system calls; not the {@link TunSyscalls} a driver was given:
     * one made on JNA where the library loaded (as {@code OffloadTransferTest} does) still sums in C. Harmless: the
     * sums are the same.
     */
    private static final boolean NATIVE = JniTunSyscalls.loadFailure() == null;

    private InetChecksum() {
    }

    /**
     * {@link #add(ByteBuffer, int, int, long)} for a direct buffer whose first byte is at native address
     * {@code bufferAddress}, in C where the JNI library loaded; 0 for an address not known (Java only).
     */
    static long add(ByteBuffer b, long bufferAddress, int offset, int length, long sum) {
        if (NATIVE && bufferAddress != 0 && length >= NATIVE_MIN) {
            if (offset < 0 || length > b.capacity() - offset) {
                throw new IndexOutOfBoundsException("bytes " + offset + "+" + length + " outside a buffer of "
                        + b.capacity());
            }
            return sum + JniTunSyscalls.checksum(bufferAddress + offset, length);
        }
        return add(b, offset, length, sum);
    }

    /**
     * Adds the bytes {@code [offset, offset + length)}, read as big-endian 16-bit words (an odd last byte padded
     * with zero), to {@code sum}. The result is not folded; {@link #fold} it. Sums of up to a few megabytes
     * cannot overflow.
     */
    static long add(ByteBuffer b, int offset, int length, long sum) {
        boolean swap = b.order() == ByteOrder.LITTLE_ENDIAN;
        int i = offset;
        int end = offset + length;
        // 32-bit halves of 64-bit reads: the one's complement sum is the same at any word size once folded.
        for (; i + 8 <= end; i += 8) {
            long v = b.getLong(i);
            if (swap) {
                v = Long.reverseBytes(v);
            }
            sum += (v >>> 32) + (v & 0xffffffffL);
        }
        for (; i + 2 <= end; i += 2) {
            sum += u16(b, i);
        }
        if (i < end) {
            sum += (b.get(i) & 0xff) << 8;
        }
        return sum;
    }

    /** Folds a sum into 16 bits with end-around carry. */
    static int fold(long sum) {
        while ((sum >>> 16) != 0) {
            sum = (sum & 0xffff) + (sum >>> 16);
        }
        return (int) sum;
    }

    /** The value to store in a checksum field: the complement of the folded sum. */
    static int finish(long sum) {
        return ~fold(sum) & 0xffff;
    }

    /** Sum of the TCP/UDP pseudo-header's addresses (IPv4: 12..20, IPv6: 8..40 of the IP header at {@code ip}). */
    static long addressSum(ByteBuffer b, int ip, boolean ipv6) {
        return ipv6 ? add(b, ip + 8, 32, 0) : add(b, ip + 12, 8, 0);
    }

    static int u16(ByteBuffer b, int i) {
        return (b.get(i) & 0xff) << 8 | (b.get(i + 1) & 0xff);
    }

    static void put16(ByteBuffer b, int i, int value) {
        b.put(i, (byte) (value >>> 8));
        b.put(i + 1, (byte) value);
    }

    static int u32(ByteBuffer b, int i) {
        return u16(b, i) << 16 | u16(b, i + 2);
    }

    static void put32(ByteBuffer b, int i, int value) {
        put16(b, i, value >>> 16);
        put16(b, i + 2, value);
    }
}
