package org.gost4j.device.linux.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.Pointer;

import org.junit.Test;

/** Pins down how errno reaches Java through JNA direct mapping, which the non-blocking I/O relies on. */
public class LibCTest {

    @Test
    public void hotPathCallsLeaveEagainInLastError() throws Exception {
        int fd = LibC.eventfd(0, LibC.EFD_NONBLOCK | LibC.EFD_CLOEXEC);
        try {
            Memory value = new Memory(8);
            long address = Pointer.nativeValue(value);
            assertEquals(-1, LibC.read(fd, address, 8));
            assertEquals(LibC.EAGAIN, Native.getLastError());

            value.setLong(0, 1);
            assertEquals(8, LibC.write(fd, address, 8));
            assertEquals(8, LibC.read(fd, address, 8));
            assertEquals(1, value.getLong(0));
        } finally {
            LibC.close(fd);
        }
    }

    @Test
    public void setupCallsLeaveErrnoInLastError() {
        assertEquals(-1, LibC.open("/nonexistent/gost4j", LibC.O_RDWR));
        assertEquals(2, Native.getLastError()); // ENOENT
        assertTrue(LibC.strerror(2), LibC.strerror(2).startsWith("No such file or directory"));
    }

    @Test
    public void unknownInterfaceHasIndexZero() {
        assertEquals(0, LibC.if_nametoindex("g4jnosuchif"));
        assertEquals(19, Native.getLastError()); // ENODEV
    }
}
