package org.gost4j.device.linux.internal;

import static org.junit.Assert.assertEquals;

import java.lang.ref.Reference;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;

import com.sun.jna.Native;
import com.sun.jna.Pointer;

import org.junit.After;
import org.junit.Before;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.junit.runners.Parameterized;
import org.junit.runners.Parameterized.Parameters;

/**
 * The packet path's calls on a real non-blocking eventfd, through the bundle's JNI library and through JNA:
 * the same results, and {@code -errno} instead of -1 on failure. (The device tests run through JNI.)
 */
@RunWith(Parameterized.class)
public class TunSyscallsTest {

    private static final int EBADF = 9;

    @Parameters(name = "{0}")
    public static List<TunSyscalls> implementations() {
        return List.of(JniTunSyscalls.INSTANCE, JnaTunSyscalls.INSTANCE);
    }

    private final TunSyscalls syscalls;
    private final ByteBuffer value = ByteBuffer.allocateDirect(8).order(ByteOrder.nativeOrder());
    private final long valueAddress = address(value);
    private int fd;

    public TunSyscallsTest(TunSyscalls syscalls) {
        this.syscalls = syscalls;
    }

    @Before
    public void openEventFd() {
        fd = LibC.eventfd(0, LibC.EFD_NONBLOCK | LibC.EFD_CLOEXEC);
    }

    @After
    public void closeEventFd() {
        LibC.close(fd);
    }

    @Test
    public void readAndWriteReturnCountsOrMinusErrno() {
        assertEquals(-LibC.EAGAIN, syscalls.read(fd, valueAddress, 8));
        value.putLong(0, 5);
        assertEquals(8, syscalls.write(fd, valueAddress, 8));
        value.putLong(0, 0);
        assertEquals(8, syscalls.read(fd, valueAddress, 8));
        assertEquals(5, value.getLong(0));
        assertEquals(-EBADF, syscalls.read(-1, valueAddress, 8));
        assertEquals(-EBADF, syscalls.write(-1, valueAddress, 8));
    }

    @Test
    public void vectoredCallsTakeAnIovecArray() {
        ByteBuffer iov = ByteBuffer.allocateDirect(16).order(ByteOrder.nativeOrder());
        iov.putLong(0, valueAddress).putLong(8, 8);
        long iovAddress = address(iov);
        assertEquals(-LibC.EAGAIN, syscalls.readv(fd, iovAddress, 1));
        value.putLong(0, 7);
        assertEquals(8, syscalls.writev(fd, iovAddress, 1));
        value.putLong(0, 0);
        assertEquals(8, syscalls.readv(fd, iovAddress, 1));
        assertEquals(7, value.getLong(0));
        assertEquals(-EBADF, syscalls.writev(-1, iovAddress, 1));
        Reference.reachabilityFence(iov); // only its address was used
    }

    @Test
    public void pollReportsReadinessAndTimesOut() {
        ByteBuffer pollFd = ByteBuffer.allocateDirect(8).order(ByteOrder.nativeOrder());
        pollFd.putInt(0, fd).putShort(4, LibC.POLLIN);
        long pollFdAddress = address(pollFd);
        assertEquals("nothing to read: times out", 0, syscalls.poll(pollFdAddress, 1, 10));
        value.putLong(0, 1);
        syscalls.write(fd, valueAddress, 8);
        assertEquals(1, syscalls.poll(pollFdAddress, 1, 1000));
        assertEquals(LibC.POLLIN, pollFd.getShort(6));
    }

    private static long address(ByteBuffer direct) {
        return Pointer.nativeValue(Native.getDirectBufferPointer(direct));
    }
}
