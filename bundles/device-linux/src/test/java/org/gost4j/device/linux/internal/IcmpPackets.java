package org.gost4j.device.linux.internal;

import java.nio.ByteBuffer;

import org.gost4j.api.io.PacketBatch;

/** IPv4 ICMP packets for the device tests; plain Java only, as {@link DeviceLifeRun} must load no JNA class. */
final class IcmpPackets {

    private IcmpPackets() {
    }

    /** A batch holding a copy of {@code packet}. */
    static PacketBatch single(ByteBuffer packet) {
        PacketBatch batch = PacketBatch.allocate(1, PacketBatch.MAX_PACKET);
        batch.buffer().put(0, packet, packet.position(), packet.remaining());
        batch.add(0, packet.remaining());
        return batch;
    }

    /** An ICMP echo request, checksums set. */
    static ByteBuffer echoRequest(byte[] source, byte[] destination) {
        ByteBuffer request = ByteBuffer.allocateDirect(84);
        request.put(0, (byte) 0x45).putShort(2, (short) 84).put(8, (byte) 64).put(9, (byte) 1)
                .put(12, source).put(16, destination).put(20, (byte) 8).putShort(24, (short) 0x1234);
        request.putShort(22, checksum(request, 20, 64)).putShort(10, checksum(request, 0, 20));
        return request;
    }

    static short checksum(ByteBuffer p, int offset, int length) {
        long sum = 0;
        for (int i = 0; i + 1 < length; i += 2) {
            sum += p.getShort(offset + i) & 0xffff;
        }
        if ((length & 1) != 0) {
            sum += (p.get(offset + length - 1) & 0xff) << 8;
        }
        while ((sum >> 16) != 0) {
            sum = (sum & 0xffff) + (sum >> 16);
        }
        return (short) ~sum;
    }
}
