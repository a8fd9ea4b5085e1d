package org.gost4j.transport.udp.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertSame;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

import org.junit.Test;

public class SocketAddressesTest {

    private final ByteBuffer sockaddr = ByteBuffer.allocateDirect(SocketAddresses.SOCKADDR_IN6_BYTES)
            .order(ByteOrder.nativeOrder());
    private final SocketAddresses.Reader reader = new SocketAddresses.Reader();

    /** A server's clients take turns: each is turned into an object once, not per datagram. */
    @Test
    public void aThousandSendersTakingTurnsAreReadWithoutNewObjects() throws Exception {
        InetSocketAddress[] first = new InetSocketAddress[1000];
        for (int i = 0; i < first.length; i++) {
            first[i] = read(client(i));
            assertEquals(client(i), first[i]);
        }
        for (int round = 0; round < 3; round++) {
            for (int i = 0; i < first.length; i++) {
                assertSame("client " + i + ", round " + round, first[i], read(client(i)));
            }
        }
    }

    /** More senders than the table holds: each still read right, IPv4 as the JDK reports it, IPv6 with its scope. */
    @Test
    public void moreSendersThanSlotsAreStillReadRight() throws Exception {
        for (int i = 0; i < SocketAddresses.Reader.SLOTS * 3; i++) {
            assertEquals(client(i), read(client(i)));
        }
        InetSocketAddress v6 = new InetSocketAddress(InetAddress.getByName("fd00::7"), 8421);
        assertEquals(v6, read(v6));
        assertEquals(client(1), read(client(1)));
        assertEquals(v6, read(v6));
    }

    private InetSocketAddress read(InetSocketAddress sender) {
        SocketAddresses.write(sender, sockaddr);
        return reader.read(sockaddr);
    }

    private static InetSocketAddress client(int i) throws Exception {
        return new InetSocketAddress(InetAddress.getByAddress(new byte[] {10, (byte) 200, (byte) (i >>> 16),
                (byte) (i >>> 8)}), 1024 + (i & 0xff) * 97);
    }
}
