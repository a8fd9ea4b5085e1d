package org.gost4j.itests;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.Random;

/**
 * Sends Ethernet frames with random (unicast, locally administered) source MACs to a TAP tunnel endpoint, each
 * to an unknown unicast destination. Run as its own JVM inside a namespace
 * ({@code ip netns exec <ns> java -cp <test-classes> org.gost4j.itests.FrameFloodSender host port count seed}).
 * Prints {@code sent=N}.
 */
public final class FrameFloodSender {

    private static final byte[] UNKNOWN_DESTINATION = {0x02, 0x00, 0x5e, (byte) 0xff, (byte) 0xff, 0x01};

    private FrameFloodSender() {
    }

    public static void main(String[] args) throws IOException, InterruptedException {
        InetSocketAddress target = new InetSocketAddress(args[0], Integer.parseInt(args[1]));
        int count = Integer.parseInt(args[2]);
        Random rnd = new Random(Long.parseLong(args[3]));
        byte[] frame = new byte[60];
        ByteBuffer header = ByteBuffer.wrap(frame);
        header.put(UNKNOWN_DESTINATION).position(12);
        header.putShort((short) 0x88b5); // local experimental EtherType: no host acts on it
        long sent = 0;
        try (DatagramSocket socket = new DatagramSocket()) {
            for (int i = 0; i < count; i++) {
                for (int b = 6; b < 12; b++) {
                    frame[b] = (byte) rnd.nextInt(256);
                }
                frame[6] = (byte) ((frame[6] & 0xfc) | 0x02); // unicast, locally administered: a valid source
                try {
                    socket.send(new DatagramPacket(frame, frame.length, target));
                    sent++;
                } catch (IOException e) {
                    // e.g. ICMP port unreachable reported on a later send; keep flooding
                }
                if (i % 200 == 199) {
                    Thread.sleep(2); // about table growth, not rate: let the receiver keep up
                }
            }
        }
        System.out.println("sent=" + sent);
    }
}
