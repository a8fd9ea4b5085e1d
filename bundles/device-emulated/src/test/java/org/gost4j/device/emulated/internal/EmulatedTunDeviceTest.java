package org.gost4j.device.emulated.internal;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.nio.channels.ClosedChannelException;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import org.gost4j.api.device.DeviceSpec;
import org.gost4j.api.device.DeviceType;
import org.gost4j.api.device.IpNetwork;
import org.gost4j.api.io.PacketBatch;
import org.gost4j.support.device.OpenDevices;
import org.junit.Test;

public class EmulatedTunDeviceTest {

    private final OpenDevices open = new OpenDevices("emulated");
    private final EmulatedTunDevice device = new EmulatedTunDevice("emu9",
            new DeviceSpec("", DeviceType.TUN, 1400, List.of(IpNetwork.parse("10.9.0.1/24")),
                    List.of(IpNetwork.parse("10.8.0.0/16"))), open);

    /** What one read gave, each packet copied. */
    private List<ByteBuffer> read() throws IOException {
        PacketBatch batch = PacketBatch.allocate(64, 2 * PacketBatch.MAX_PACKET);
        device.read(batch);
        List<ByteBuffer> packets = new ArrayList<>();
        for (int i = 0; i < batch.size(); i++) {
            ByteBuffer packet = ByteBuffer.allocate(batch.length(i));
            packet.put(0, batch.buffer(), batch.offset(i), batch.length(i));
            packets.add(packet);
        }
        return packets;
    }

    /** Writes these packets as one batch. */
    private void write(ByteBuffer... packets) throws IOException {
        PacketBatch batch = PacketBatch.allocate(packets.length, PacketBatch.MAX_PACKET);
        for (ByteBuffer packet : packets) {
            int at = batch.end();
            batch.buffer().put(at, packet, packet.position(), packet.remaining());
            batch.add(at, packet.remaining());
        }
        device.write(batch);
    }

    @Test(timeout = 5000)
    public void injectedPacketIsReadAndWrittenPacketIsTaken() throws Exception {
        ByteBuffer udp = Packets.udp("10.9.0.2", "10.9.0.1", 40);
        assertTrue(device.inject(udp));
        assertEquals("inject leaves the position alone", 0, udp.position());
        assertEquals(List.of(udp), read());

        write(udp);
        ByteBuffer taken = device.take(1, TimeUnit.SECONDS);
        assertEquals(udp, taken);
        assertNull(device.take(10, TimeUnit.MILLISECONDS));
    }

    @Test(timeout = 5000)
    public void echoRequestToOwnAddressIsAnsweredWithValidChecksums() throws Exception {
        ByteBuffer request = Packets.echoRequest("10.9.0.7", "10.9.0.1", 1234, 5, 56);
        write(request);
        assertEquals("answered, not handed to the kernel side", null, device.take(50, TimeUnit.MILLISECONDS));
        List<ByteBuffer> read = read();
        assertEquals(1, read.size());
        ByteBuffer reply = read.get(0);
        assertEquals(84, reply.remaining());
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
        write(request);
        assertEquals(request, device.take(1, TimeUnit.SECONDS));
    }

    @Test(timeout = 5000)
    public void closeWakesABlockedReader() throws Exception {
        open.track(device);
        CompletableFuture<Throwable> reader = CompletableFuture.supplyAsync(() -> {
            try {
                read();
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
        assertFalse("forgotten by its driver", open.isOpen("emu9"));
        assertTrue(device.isClosed());
        assertFalse(device.inject(Packets.udp("10.9.0.2", "10.9.0.1", 4)));
        try {
            write(Packets.udp("10.9.0.2", "10.9.0.1", 4));
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
    public void aReadTakesWhatIsQueuedUpToTheBatchsCapacity() throws Exception {
        for (int i = 0; i < 3; i++) {
            device.inject(Packets.udp("10.9.0.2", "10.9.0.1", 10 + i));
        }
        PacketBatch two = PacketBatch.allocate(2, 4 * PacketBatch.MAX_PACKET);
        assertEquals(2, device.read(two));
        assertEquals(1, read().size());
    }

    @Test(timeout = 10_000)
    public void packetsFlowConcurrently() throws Exception {
        int count = 10_000;
        CompletableFuture<Integer> reader = CompletableFuture.supplyAsync(() -> {
            int seen = 0;
            try {
                while (seen < count) {
                    for (ByteBuffer packet : read()) {
                        assertEquals(seen, packet.getInt(28));
                        seen++;
                    }
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
