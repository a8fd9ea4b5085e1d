package org.gost4j.tunnel.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.net.InetSocketAddress;
import java.nio.ByteBuffer;

import org.junit.Test;

public class SendBatchTest {

    private static final InetSocketAddress A = new InetSocketAddress("127.0.0.1", 1001);
    private static final InetSocketAddress B = new InetSocketAddress("127.0.0.1", 1002);

    private final SendBatch batch = new SendBatch();

    @Test
    public void takesEqualDatagramsForOneTargetThenOneShorterAndNothingAfterIt() {
        assertTrue(batch.offer(datagram(100, 1), A));
        assertTrue(batch.offer(datagram(100, 2), new InetSocketAddress("127.0.0.1", 1001)));
        assertFalse("another target", batch.offer(datagram(100, 3), B));
        assertFalse("longer than the first", batch.offer(datagram(101, 3), A));
        assertTrue("the shorter last one", batch.offer(datagram(40, 3), A));
        assertFalse("nothing after a shorter one", batch.offer(datagram(40, 4), A));
        assertEquals(3, batch.count());
        assertEquals(A, batch.target());
        assertEquals(100, batch.datagramSize());
        ByteBuffer contents = batch.contents();
        assertEquals(240, contents.remaining());
        assertEquals(1, contents.get(0));
        assertEquals(2, contents.get(100));
        assertEquals(3, contents.get(200));

        batch.clear();
        assertTrue(batch.isEmpty());
        assertTrue("a new batch for any target", batch.offer(datagram(40, 5), B));
    }

    @Test
    public void stopsAtItsDatagramAndByteLimits() {
        for (int i = 0; i < SendBatch.MAX_DATAGRAMS; i++) {
            assertTrue(batch.offer(datagram(10, i), A));
        }
        assertFalse(batch.offer(datagram(10, 0), A));

        batch.clear();
        int size = 1400;
        int fitting = SendBatch.MAX_BYTES / size;
        for (int i = 0; i < fitting; i++) {
            assertTrue(batch.offer(datagram(size, i), A));
        }
        assertFalse(batch.offer(datagram(size, 0), A));
        assertTrue("a shorter last one that fits", batch.offer(datagram(SendBatch.MAX_BYTES - fitting * size, 0), A));
    }

    @Test
    public void leavesEmptyDatagramsToBeSentAlone() {
        assertFalse(batch.offer(ByteBuffer.allocate(0), A));
        assertTrue(batch.isEmpty());
    }

    private static ByteBuffer datagram(int length, int firstByte) {
        ByteBuffer datagram = ByteBuffer.allocate(length);
        datagram.put(0, (byte) firstByte);
        return datagram;
    }
}
