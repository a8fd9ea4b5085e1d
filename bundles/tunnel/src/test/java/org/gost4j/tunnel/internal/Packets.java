package org.gost4j.tunnel.internal;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;

/** Minimal IP packets for tests: a header and a zero payload (protocol 253, reserved for experiments). */
final class Packets {

    private Packets() {
    }

    static ByteBuffer ipv4(String source, String destination, int payload) {
        ByteBuffer packet = ByteBuffer.allocate(20 + payload);
        packet.put((byte) 0x45).put((byte) 0).putShort((short) (20 + payload)).putInt(0)
                .put((byte) 64).put((byte) 253).putShort((short) 0)
                .put(address(source)).put(address(destination));
        return packet.position(0);
    }

    static ByteBuffer ipv6(String source, String destination, int payload) {
        ByteBuffer packet = ByteBuffer.allocate(40 + payload);
        packet.putInt(0x60000000).putShort((short) payload).put((byte) 253).put((byte) 64)
                .put(address(source)).put(address(destination));
        return packet.position(0);
    }

    private static byte[] address(String literal) {
        try {
            return InetAddress.getByName(literal).getAddress();
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(e);
        }
    }
}
