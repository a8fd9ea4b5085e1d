package org.gost4j.support.jna;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

import com.sun.jna.Native;
import com.sun.jna.Pointer;

/**
 * C structures and packet buffers in direct buffers, handed to native calls by address: read and written through
 * the buffer (plain loads and stores once compiled) rather than through JNA's {@code Memory} accessors, each of
 * which is a native call. For bundles that use JNA (embedded like the rest of support).
 */
public final class NativeStructs {

    private NativeStructs() {
    }

    /** Room for a C structure: zeroed, in the machine's byte order. */
    public static ByteBuffer allocate(int bytes) {
        return ByteBuffer.allocateDirect(bytes).order(ByteOrder.nativeOrder());
    }

    /** The native address of a direct buffer's first byte; a native call, so look it up once. */
    public static long address(ByteBuffer direct) {
        return Pointer.nativeValue(Native.getDirectBufferPointer(direct));
    }
}
