package org.gost4j.microbench;

import java.lang.reflect.Field;

import sun.misc.Unsafe;

/**
 * Plain loads and stores at native addresses, for the benchmarks' stand-ins of the system calls (which the
 * production code hands C structures by address) without allocating per call, as JNA's {@code Pointer} would.
 */
public final class NativeMemory {

    private static final Unsafe UNSAFE = unsafe();

    private NativeMemory() {
    }

    public static long getLong(long address) {
        return UNSAFE.getLong(address);
    }

    public static void putLong(long address, long value) {
        UNSAFE.putLong(address, value);
    }

    public static void putInt(long address, int value) {
        UNSAFE.putInt(address, value);
    }

    public static void putShort(long address, short value) {
        UNSAFE.putShort(address, value);
    }

    public static void putByte(long address, byte value) {
        UNSAFE.putByte(address, value);
    }

    public static void copy(long from, long to, long bytes) {
        UNSAFE.copyMemory(from, to, bytes);
    }

    private static Unsafe unsafe() {
        try {
            Field field = Unsafe.class.getDeclaredField("theUnsafe");
            field.setAccessible(true);
            return (Unsafe) field.get(null);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }
}
