package org.gost4j.support.device;

import java.io.IOException;
import java.nio.ByteBuffer;

import org.gost4j.api.device.TunDevice;

/**
 * The slow path of native devices for heap buffers: native I/O needs memory that does not move, so the packet
 * goes through a temporary direct buffer. The tunnel always passes direct buffers; this serves other callers.
 */
public final class HeapBuffers {

    private HeapBuffers() {
    }

    /** {@link TunDevice#read} into a heap buffer. */
    public static int read(TunDevice device, ByteBuffer heap) throws IOException {
        ByteBuffer direct = ByteBuffer.allocateDirect(heap.remaining());
        int length = device.read(direct);
        heap.put(direct.flip());
        return length;
    }

    /** {@link TunDevice#write} from a heap buffer. */
    public static void write(TunDevice device, ByteBuffer heap) throws IOException {
        ByteBuffer direct = ByteBuffer.allocateDirect(heap.remaining());
        direct.put(heap.duplicate()).flip();
        device.write(direct);
        heap.position(heap.limit());
    }
}
