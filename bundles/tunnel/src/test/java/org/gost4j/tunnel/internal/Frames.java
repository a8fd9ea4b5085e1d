package org.gost4j.tunnel.internal;

import java.nio.ByteBuffer;

/** Minimal Ethernet frames for tests: a header with a local experimental EtherType and a zero payload. */
final class Frames {

    private Frames() {
    }

    static byte[] frame(String destination, String source, int payload) {
        ByteBuffer frame = ByteBuffer.allocate(EthernetFrames.HEADER + payload);
        frame.put(mac(destination)).put(mac(source)).putShort((short) 0x88b5);
        return frame.array();
    }

    static byte[] mac(String text) {
        String[] octets = text.split(":");
        byte[] bytes = new byte[6];
        for (int i = 0; i < 6; i++) {
            bytes[i] = (byte) Integer.parseInt(octets[i], 16);
        }
        return bytes;
    }
}
