package org.gost4j.device.emulated.internal;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.gost4j.api.device.DeviceSpec;
import org.gost4j.api.device.DeviceType;
import org.gost4j.api.device.IpNetwork;
import org.junit.Test;

public class EmulatedTunDeviceTest {

    private final AtomicInteger closedCalls = new AtomicInteger();
    private final EmulatedTunDevice device = new EmulatedTunDevice("emu9",
            new DeviceSpec("", DeviceType.TUN, 1400, List.of(IpNetwork.parse("10.9.0.1/24")),
                    List.of(IpNetwork.parse("10.8.0.0/16"))),
            d -> closedCalls.incrementAndGet());

    @Test(timeout = 5000)
    public void injectedPacketIsReadAndWrittenPacketIsTaken() throws Exception {
        ByteBuffer udp = Packets.udp("10.9.0.2", "10.9.0.1", 40);
        assertTrue(device.inject(udp));
        assertEquals("inject leaves the position alone", 0, udp.position());
        ByteBuffer dst = ByteBuffer.allocateDirect(2000);
        assertEquals(udp.remaining(), device.read(dst));
        assertEquals(udp, dst.flip());

        device.write(udp.duplicate());
        ByteBuffer taken = device.take(1, TimeUnit.SECONDS);
        assertEquals(udp, taken);
        assertNull(device.take(10, TimeUnit.MILLISECONDS));
    }

    @Test(timeout = 5000)
    public void echoRequestToOwnAddressIsAnsweredWithValidChecksums() throws Exception {
        ByteBuffer request = Packets.echoRequest("10.9.0.7", "10.9.0.1", 1234, 5, 56);
        device.write(request);
        assertEquals("answered, not handed to the kernel side", null, device.take(50, TimeUnit.MILLISECONDS));
        ByteBuffer reply = ByteBuffer.allocate(2000);
        int n = device.read(reply);
        reply.flip();
        assertEquals(84, n);
        assertEquals("10.9.0.1", Packets.address(reply, 12));
        assertEquals("10.9.0.7", Packets.address(reply, 16));
        assertEquals(0, reply.get(20)); // echo reply
        assertEquals(1234, reply.getShort(24));
        assertEquals(5, reply.getShort(26));
        assertEquals("IP header checksum verifies", 0, EchoResponder.checksum(reply, 0, 20));
        assertEquals("ICMP checksum verifies", 0, EchoResponder.checksum(reply, 20, 64));
    }

    @Test(timeout = 5000)
    public void echoRequestForAnotherAddressGoesToTheKernelSide() throws Exception {
        ByteBuffer request = Packets.echoRequest("10.9.0.7", "10.9.0.99", 1, 1, 8);
        device.write(request.duplicate());
        assertEquals(request, device.take(1, TimeUnit.SECONDS));
    }

    @Test(timeout = 5000)
    public void closeWakesABlockedReader() throws Exception {
        CompletableFuture<Throwable> reader = CompletableFuture.supplyAsync(() -> {
            try {
                device.read(ByteBuffer.allocate(2000));
                return null;
            } catch (Throwable t) {
                return t;
            }
        });
        Thread.sleep(100);
        assertFalse("reader returned without a packet", reader.isDone());
        device.close();
        device.close();
        assertTrue(reader.get(2, TimeUnit.SECONDS) instanceof ClosedChannelException);
        assertEquals("close is idempotent", 1, closedCalls.get());
        assertTrue(device.isClosed());
        assertFalse(device.inject(Packets.udp("10.9.0.2", "10.9.0.1", 4)));
        try {
            device.write(Packets.udp("10.9.0.2", "10.9.0.1", 4));
            fail("write after close");
        } catch (ClosedChannelException expected) {
            // fine
        }
        assertNull(device.take(10, TimeUnit.MILLISECONDS));
    }

    @Test
    public void fullQueueAndOversizedPacketsAreDroppedAndCounted() {
        ByteBuffer small = Packets.udp("10.9.0.2", "10.9.0.1", 4);
        for (int i = 0; i < EmulatedTunDevice.QUEUE_CAPACITY; i++) {
            assertTrue(device.inject(small));
        }
        assertFalse(device.inject(small));
        assertFalse(device.inject(Packets.udp("10.9.0.2", "10.9.0.1", 1400)));
        assertEquals(2, device.drops());
    }

    @Test
    public void routesAreAddedAndRemoved() throws Exception {
        device.addRoute(IpNetwork.parse("172.16.0.0/12"));
        assertEquals(List.of(IpNetwork.parse("10.8.0.0/16"), IpNetwork.parse("172.16.0.0/12")), device.routes());
        device.removeRoute(IpNetwork.parse("10.8.0.0/16"));
        assertEquals(List.of(IpNetwork.parse("172.16.0.0/12")), device.routes());
    }

    @Test(timeout = 5000)
    public void longPacketIsCutToTheReadersBuffer() throws Exception {
        ByteBuffer udp = Packets.udp("10.9.0.2", "10.9.0.1", 100);
        device.inject(udp);
        ByteBuffer dst = ByteBuffer.allocate(50);
        assertEquals(50, device.read(dst));
        byte[] head = new byte[50];
        udp.get(0, head);
        assertArrayEquals(head, dst.array());
    }

    @Test(timeout = 10_000)
    public void packetsFlowConcurrently() throws Exception {
        int count = 10_000;
        CompletableFuture<Integer> reader = CompletableFuture.supplyAsync(() -> {
            ByteBuffer dst = ByteBuffer.allocateDirect(2000);
            int seen = 0;
            try {
                while (seen < count) {
                    dst.clear();
                    device.read(dst);
                    assertEquals(seen, dst.getInt(28));
                    seen++;
                }
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
            return seen;
        });
        ByteBuffer packet = Packets.udp("10.9.0.2", "10.9.0.1", 8);
        for (int i = 0; i < count; i++) {
            packet.putInt(28, i);
            while (!device.inject(packet)) {
                Thread.onSpinWait();
            }
        }
        try {
            assertEquals(Integer.valueOf(count), reader.get(5, TimeUnit.SECONDS));
        } catch (ExecutionException e) {
            throw new AssertionError(e.getCause());
        }
        assertNotNull(device.toString());
    }
}
