package org.gost4j.tunnel.internal;

import java.nio.ByteBuffer;

/**
 * A 48-bit MAC address in one long. Keys stored in a table are never changed; each forwarding thread owns one
 * mutable probe that it reloads per frame, so lookups do not allocate.
 */
final class MacKey {

    private long value;

    MacKey() {
    }

    private MacKey(long value) {
        this.value = value;
    }

    /** Parses {@code aa:bb:cc:dd:ee:ff}. */
    static MacKey parse(String text) {
        String[] octets = text.split(":", -1);
        if (octets.length != 6) {
            throw new IllegalArgumentException("'" + text + "' is not a MAC address");
        }
        long value = 0;
        for (String octet : octets) {
            value = value << 8 | Integer.parseInt(octet, 16);
        }
        return new MacKey(value);
    }

    /** Loads the six bytes {@code offset} bytes into the frame (from its position). */
    MacKey load(ByteBuffer frame, int offset) {
        int at = frame.position() + offset;
        value = (frame.getShort(at) & 0xffffL) << 32 | (frame.getInt(at + 2) & 0xffffffffL);
        return this;
    }

    /** The MAC whose 48 bits are the low bits of {@code value}. */
    static MacKey of(long value) {
        return new MacKey(value & 0xffff_ffff_ffffL);
    }

    long value() {
        return value;
    }

    /** An immutable copy of a probe, for storing. */
    MacKey copy() {
        return new MacKey(value);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof MacKey key && key.value == value;
    }

    @Override
    public int hashCode() {
        return Long.hashCode(value * 0x9E3779B97F4A7C15L); // spread: MACs of one vendor share their high bytes
    }

    @Override
    public String toString() {
        StringBuilder text = new StringBuilder(17);
        for (int shift = 40; shift >= 0; shift -= 8) {
            if (text.length() > 0) {
                text.append(':');
            }
            text.append(String.format("%02x", (value >>> shift) & 0xff));
        }
        return text.toString();
    }
}
