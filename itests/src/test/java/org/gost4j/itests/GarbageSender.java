package org.gost4j.itests;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.Supplier;

/**
 * Sends malformed datagrams to a tunnel endpoint. Run as its own JVM inside a namespace
 * ({@code ip netns exec <ns> java -cp <test-classes> org.gost4j.itests.GarbageSender host port count seed}),
 * since a JVM thread cannot enter a network namespace.
 *
 * <p>None of the datagrams is a valid data packet or registration for a real tunnel address, so none of them
 * may change where the server sends the real client's traffic. Prints one line per kind with its count.
 */
public final class GarbageSender {

    private GarbageSender() {
    }

    public static void main(String[] args) throws IOException {
        InetSocketAddress target = new InetSocketAddress(args[0], Integer.parseInt(args[1]));
        int count = Integer.parseInt(args[2]);
        Random rnd = new Random(Long.parseLong(args[3]));
        List<Kind> kinds = kinds(rnd);
        long[] sent = new long[kinds.size()];
        long bytes = 0;
        long t0 = System.nanoTime();
        try (DatagramSocket socket = new DatagramSocket()) {
            socket.setSendBufferSize(1 << 20);
            for (int i = 0; i < count; i++) {
                // the huge ones are rarer: every 50th datagram
                int k = i % 50 == 49 ? kinds.size() - 1 - rnd.nextInt(3) : rnd.nextInt(kinds.size() - 3);
                byte[] payload = kinds.get(k).payload().get();
                try {
                    socket.send(new DatagramPacket(payload, payload.length, target));
                    sent[k]++;
                    bytes += payload.length;
                } catch (IOException e) {
                    // e.g. ICMP port unreachable reported on a later send; keep flooding
                }
                if (i % 200 == 199) {
                    sleepQuietly(2); // let the receiver breathe a little; this is about content, not rate
                }
            }
        }
        long ms = (System.nanoTime() - t0) / 1_000_000;
        long total = 0;
        for (int k = 0; k < sent.length; k++) {
            System.out.println(kinds.get(k).name() + "=" + sent[k]);
            total += sent[k];
        }
        System.out.println("total=" + total + " bytes=" + bytes + " ms=" + ms);
    }

    /** One kind of malformed datagram. */
    record Kind(String name, Supplier<byte[]> payload) {
    }

    /**
     * The kinds of garbage, drawing from {@code rnd}; the last three are the huge ones (9000 and 65507 bytes, a
     * long "GOST" message), which a sender should send rarely.
     */
    static List<Kind> kinds(Random rnd) {
        // the server's own tunnel address: a registration claiming it must be ignored
        byte[] serverTunIp = {(byte) 192, (byte) 168, 123, 1};
        List<Kind> kinds = new ArrayList<>();
        kinds.add(new Kind("random", () -> bytes(rnd, 1 + rnd.nextInt(1500))));
        kinds.add(new Kind("empty", () -> new byte[0]));
        kinds.add(new Kind("ipv4-truncated-header", () -> {
            byte[] b = bytes(rnd, 1 + rnd.nextInt(19));
            b[0] = 0x45;
            return b;
        }));
        kinds.add(new Kind("ipv4-bad-ihl", () -> {
            byte[] b = ipv4(rnd, 20 + rnd.nextInt(200));
            b[0] = (byte) (0x40 | rnd.nextInt(5)); // IHL 0..4
            return b;
        }));
        kinds.add(new Kind("ipv4-total-length-too-big", () -> {
            byte[] b = ipv4(rnd, 20 + rnd.nextInt(200));
            ByteBuffer.wrap(b).putShort(2, (short) (b.length + 1 + rnd.nextInt(5000)));
            return b;
        }));
        kinds.add(new Kind("ipv4-total-length-too-small", () -> {
            byte[] b = ipv4(rnd, 40 + rnd.nextInt(200));
            ByteBuffer.wrap(b).putShort(2, (short) rnd.nextInt(20));
            return b;
        }));
        kinds.add(new Kind("ipv6-truncated", () -> {
            byte[] b = bytes(rnd, 1 + rnd.nextInt(39));
            b[0] = 0x60;
            return b;
        }));
        kinds.add(new Kind("ipv6-bad-payload-length", () -> {
            byte[] b = bytes(rnd, 40 + rnd.nextInt(200));
            b[0] = 0x60;
            ByteBuffer.wrap(b).putShort(4, (short) (b.length - 40 + 1 + rnd.nextInt(1000)));
            return b;
        }));
        kinds.add(new Kind("bad-version", () -> {
            byte[] b = ipv4(rnd, 20 + rnd.nextInt(200));
            int v = new int[] {0, 1, 2, 3, 5, 7, 8, 15}[rnd.nextInt(8)];
            b[0] = (byte) (v << 4 | 5);
            return b;
        }));
        kinds.add(new Kind("gost-short", () -> gost(rnd, rnd.nextInt(17)))); // "GOST" + 0..16 bytes: no full key
        kinds.add(new Kind("gost-ragged-addresses", () -> {
            int extra = 1 + rnd.nextInt(47);
            if (extra % 16 == 0) {
                extra++;
            }
            return gost(rnd, 16 + extra); // key + a length that is not a multiple of 16
        }));
        kinds.add(new Kind("gost-claims-server-ip", () -> {
            byte[] b = gost(rnd, 32);
            for (int i = 20; i < 30; i++) {
                b[i] = 0;
            }
            b[30] = (byte) 0xff;
            b[31] = (byte) 0xff;
            System.arraycopy(serverTunIp, 0, b, 32, 4);
            return b;
        }));
        kinds.add(new Kind("gost-huge", () -> {
            int extra = 1400 + rnd.nextInt(8000);
            if (extra % 16 == 0) {
                extra++; // key + a ragged address list, also if it were cut to the first 1500 bytes
            }
            return gost(rnd, extra);
        }));
        kinds.add(new Kind("oversized-9000", () -> {
            byte[] b = ipv4(rnd, 9000);
            return b;
        }));
        kinds.add(new Kind("oversized-65507", () -> bytes(rnd, 65507)));
        return kinds;
    }

    private static byte[] bytes(Random rnd, int n) {
        byte[] b = new byte[n];
        rnd.nextBytes(b);
        return b;
    }

    /** A plausible IPv4 header (version 4, IHL 5, matching total length) from a source no tunnel uses. */
    private static byte[] ipv4(Random rnd, int length) {
        byte[] b = bytes(rnd, length);
        ByteBuffer h = ByteBuffer.wrap(b);
        h.put(0, (byte) 0x45);
        h.putShort(2, (short) length);
        h.put(8, (byte) 64);
        h.put(12, (byte) 203).put(13, (byte) 0).put(14, (byte) 113).put(15, (byte) (1 + rnd.nextInt(250)));
        return b;
    }

    private static byte[] gost(Random rnd, int extra) {
        byte[] b = bytes(rnd, 4 + extra);
        System.arraycopy("GOST".getBytes(StandardCharsets.US_ASCII), 0, b, 0, 4);
        return b;
    }

    private static void sleepQuietly(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
