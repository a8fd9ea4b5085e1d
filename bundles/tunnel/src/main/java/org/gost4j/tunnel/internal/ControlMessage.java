package org.gost4j.tunnel.internal;

import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

/**
 * GOST v3's TUN control datagrams. A client registers (and with keepalive, refreshes) with
 * {@code "GOST" | 16-byte key | 16-byte address per tunnel IP}; the server answers
 * {@code "GOST" | the client's UDP source IP as 16 bytes}. IPv4 addresses travel IPv4-mapped. A datagram is the
 * bytes from its buffer's position to its limit.
 */
final class ControlMessage {

    static final int MAGIC = 0x474f5354; // "GOST"
    static final int KEY_LENGTH = 16;
    static final int HEADER_LENGTH = 4 + KEY_LENGTH;
    static final int ADDRESS_LENGTH = 16;
    static final int REPLY_LENGTH = 4 + ADDRESS_LENGTH;

    private ControlMessage() {
    }

    static boolean startsWithMagic(ByteBuffer datagram) {
        return datagram.remaining() >= 4 && datagram.getInt(datagram.position()) == MAGIC;
    }

    /** As GOST's server decides: longer than the header and starting with the magic. */
    static boolean isRegistration(ByteBuffer datagram) {
        return datagram.remaining() > HEADER_LENGTH && startsWithMagic(datagram);
    }

    /** The number of addresses in a registration, or -1 when its length is not header + n × 16. */
    static int addressCount(ByteBuffer registration) {
        int addressBytes = registration.remaining() - HEADER_LENGTH;
        return addressBytes > 0 && addressBytes % ADDRESS_LENGTH == 0 ? addressBytes / ADDRESS_LENGTH : -1;
    }

    static IpKey address(ByteBuffer registration, int index) {
        return IpKey.at(registration, registration.position() + HEADER_LENGTH + index * ADDRESS_LENGTH);
    }

    /** The key field with its zero padding trimmed, as GOST's server compares it. */
    static String key(ByteBuffer registration) {
        return key(keyBytes(registration));
    }

    /** A raw key field ({@link #keyBytes}) with its zero padding trimmed. */
    static String key(byte[] key) {
        int length = KEY_LENGTH;
        while (length > 0 && key[length - 1] == 0) {
            length--;
        }
        return new String(key, 0, length, StandardCharsets.UTF_8);
    }

    /** A copy of the raw 16-byte key field. */
    static byte[] keyBytes(ByteBuffer registration) {
        byte[] key = new byte[KEY_LENGTH];
        registration.get(registration.position() + 4, key);
        return key;
    }

    /** The key field for a passphrase: its UTF-8 bytes, cut to 16, zero-padded. */
    static byte[] keyField(String passphrase) {
        return Arrays.copyOf(passphrase.getBytes(StandardCharsets.UTF_8), KEY_LENGTH);
    }

    static ByteBuffer registration(String passphrase, List<IpKey> addresses) {
        ByteBuffer message = ByteBuffer.allocate(HEADER_LENGTH + ADDRESS_LENGTH * addresses.size());
        message.putInt(MAGIC).put(keyField(passphrase));
        addresses.forEach(address -> address.writeTo(message));
        return message.flip();
    }

    static ByteBuffer reply(InetSocketAddress client) {
        ByteBuffer message = ByteBuffer.allocate(REPLY_LENGTH).putInt(MAGIC);
        IpKey.of(client.getAddress()).writeTo(message);
        return message.flip();
    }
}
