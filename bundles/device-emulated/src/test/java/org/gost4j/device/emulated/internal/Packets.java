package org.gost4j.device.emulated.internal;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;

/** Builds IPv4 test packets with valid checksums. */
final class Packets {

    private Packets() {
    }

    static ByteBuffer udp(String from, String to, int payload) {
        ByteBuffer b = ipv4Header(from, to, 17, 8 + payload);
        b.putShort(20, (short) 40000).putShort(22, (short) 9).putShort(24, (short) (8 + payload));
        return b;
    }

    static ByteBuffer echoRequest(String from, String to, int id, int seq, int payload) {
        ByteBuffer b = ipv4Header(from, to, 1, 8 + payload);
        b.put(20, (byte) 8).putShort(24, (short) id).putShort(26, (short) seq);
        for (int i = 0; i < payload; i++) {
            b.put(28 + i, (byte) i);
        }
        b.putShort(22, EchoResponder.checksum(b, 20, 8 + payload));
        return b;
    }

    private static ByteBuffer ipv4Header(String from, String to, int protocol, int payload) {
        ByteBuffer b = ByteBuffer.allocate(20 + payload);
        b.put(0, (byte) 0x45).putShort(2, (short) (20 + payload)).put(8, (byte) 64).put(9, (byte) protocol);
        b.put(12, bytes(from)).put(16, bytes(to));
        b.putShort(10, EchoResponder.checksum(b, 0, 20));
        return b;
    }

    static String address(ByteBuffer b, int offset) {
        byte[] raw = new byte[4];
        b.get(offset, raw);
        try {
            return InetAddress.getByAddress(raw).getHostAddress();
        } catch (UnknownHostException e) {
            throw new AssertionError(e);
        }
    }

    private static byte[] bytes(String address) {
        try {
            return InetAddress.getByName(address).getAddress();
        } catch (UnknownHostException e) {
            throw new AssertionError(e);
        }
    }
}
