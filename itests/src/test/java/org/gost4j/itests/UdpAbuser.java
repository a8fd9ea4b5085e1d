package org.gost4j.itests;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;

/**
 * Attacks a tunnel server's UDP port until a deadline, at about {@link #PER_SECOND} datagrams a second: the
 * garbage of {@link GarbageSender}, forged registrations (random tunnel IPs, or the real clients' own, with wrong
 * passphrases) and data packets that claim a real client's tunnel IP as source, from a new source port every
 * {@link #PER_PORT} datagrams. Nothing here knows a passphrase, so an auther must refuse all of it.
 */
final class UdpAbuser implements Runnable {

    static final int PER_SECOND = 1000;
    private static final int PER_PORT = 16;
    private static final int PER_TICK = 10;

    private final InetSocketAddress tunnel;
    private final List<InetAddress> realClients;
    private final long deadlineNanos;
    private final Random rnd;
    private final AbuseTally tally;

    UdpAbuser(InetSocketAddress tunnel, List<InetAddress> realClients, long deadlineNanos, Random rnd,
            AbuseTally tally) {
        this.tunnel = tunnel;
        this.realClients = realClients;
        this.deadlineNanos = deadlineNanos;
        this.rnd = rnd;
        this.tally = tally;
    }

    @Override
    public void run() {
        List<GarbageSender.Kind> garbage = GarbageSender.kinds(rnd);
        DatagramSocket socket = null;
        long sent = 0;
        long tickNanos = 1_000_000_000L * PER_TICK / PER_SECOND;
        long next = System.nanoTime();
        try {
            while (System.nanoTime() < deadlineNanos) {
                for (int i = 0; i < PER_TICK; i++, sent++) {
                    if (sent % PER_PORT == 0) {
                        if (socket != null) {
                            socket.close();
                        }
                        socket = new DatagramSocket(); // rotating source ports
                    }
                    int pick = rnd.nextInt(10);
                    String kind;
                    byte[] payload;
                    if (pick < 6) {
                        // the huge ones (the last three) only every 50th time
                        int k = rnd.nextInt(50) == 0 ? garbage.size() - 1 - rnd.nextInt(3)
                                : rnd.nextInt(garbage.size() - 3);
                        kind = "garbage-" + garbage.get(k).name();
                        payload = garbage.get(k).payload().get();
                    } else if (pick < 8) {
                        kind = "forged-registration-random-ips";
                        payload = registration(false);
                    } else if (pick < 9) {
                        kind = "forged-registration-real-client-ip";
                        payload = registration(true);
                    } else {
                        kind = "spoofed-data-from-client-ip";
                        payload = spoofedPing();
                    }
                    try {
                        socket.send(new DatagramPacket(payload, payload.length, tunnel));
                        tally.count(kind, "sent");
                    } catch (IOException e) {
                        tally.count(kind, "send-failed"); // an ICMP error reported on a later send
                    }
                }
                next += tickNanos;
                long wait = next - System.nanoTime();
                if (wait > 0) {
                    Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
                }
            }
        } catch (SocketException e) {
            tally.count("udp", "socket-error");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            if (socket != null) {
                socket.close();
            }
        }
    }

    /** {@code GOST}, a wrong 16-byte key, 1..4 tunnel IPs as 16 bytes each (IPv4-mapped for IPv4). */
    private byte[] registration(boolean claimRealClient) {
        int count = 1 + rnd.nextInt(4);
        ByteBuffer b = ByteBuffer.allocate(4 + 16 + 16 * count);
        b.put("GOST".getBytes(StandardCharsets.US_ASCII));
        byte[] key = ("wrong-" + Integer.toHexString(rnd.nextInt())).getBytes(StandardCharsets.US_ASCII);
        b.put(key, 0, Math.min(key.length, 16)).position(20);
        for (int i = 0; i < count; i++) {
            if (claimRealClient && i == 0) {
                putAddress(b, realClients.get(rnd.nextInt(realClients.size())).getAddress());
            } else if (rnd.nextInt(4) == 0) {
                byte[] v6 = new byte[16];
                rnd.nextBytes(v6);
                v6[0] = (byte) 0xfd;
                b.put(v6);
            } else {
                putAddress(b, new byte[] {(byte) 192, (byte) 168, 123, (byte) (2 + rnd.nextInt(250))});
            }
        }
        return b.array();
    }

    private static void putAddress(ByteBuffer b, byte[] ipv4) {
        b.put(new byte[10]).put((byte) 0xff).put((byte) 0xff).put(ipv4);
    }

    /** An ICMP echo request from a real client's tunnel IP to the server's: data, not a registration. */
    private byte[] spoofedPing() {
        ByteBuffer p = ByteBuffer.allocate(28);
        p.put(0, (byte) 0x45).putShort(2, (short) 28).put(8, (byte) 64).put(9, (byte) 1);
        p.put(12, realClients.get(rnd.nextInt(realClients.size())).getAddress(), 0, 4);
        p.put(16, new byte[] {(byte) 192, (byte) 168, 123, 1}, 0, 4);
        p.put(20, (byte) 8).putShort(24, (short) 0x4242).putShort(26, (short) rnd.nextInt());
        return p.array();
    }
}
