package org.gost4j.tunnel.internal;

import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Arrays;
import java.util.function.LongSupplier;

/** Plain UDP peers on loopback for the engine tests, and a wait for the engine's counters. */
final class LoopbackPeers {

    private LoopbackPeers() {
    }

    /** A socket on loopback whose receive gives up after 2 s. */
    static DatagramSocket socket() throws IOException {
        DatagramSocket socket = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        socket.setSoTimeout(2_000);
        return socket;
    }

    /** @throws java.net.SocketTimeoutException if nothing arrives within the socket's timeout */
    static byte[] receive(DatagramSocket socket) throws IOException {
        return payload(receivePacket(socket));
    }

    /** A datagram with its sender; @throws java.net.SocketTimeoutException as {@link #receive} */
    static DatagramPacket receivePacket(DatagramSocket socket) throws IOException {
        DatagramPacket packet = new DatagramPacket(new byte[65536], 65536);
        socket.receive(packet);
        return packet;
    }

    static byte[] payload(DatagramPacket packet) {
        return Arrays.copyOf(packet.getData(), packet.getLength());
    }

    /** Waits up to 5 s for a counter to reach {@code expected}. */
    static void waitFor(LongSupplier counter, long expected) {
        long deadline = System.currentTimeMillis() + 5_000;
        while (counter.getAsLong() < expected) {
            assertTrue("counter stayed at " + counter.getAsLong() + ", expected " + expected,
                    System.currentTimeMillis() < deadline);
            Thread.onSpinWait();
        }
    }
}
