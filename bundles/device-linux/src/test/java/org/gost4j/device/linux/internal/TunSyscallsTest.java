package org.gost4j.device.linux.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

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
 * The kernel calls on real descriptors (an eventfd, a netlink socket, /dev/null), through the bundle's JNI library
 * and through JNA: the same results, and {@code -errno} instead of -1 on failure. (The device tests open and run
 * devices through both.)
 */
@RunWith(Parameterized.class)
public class TunSyscallsTest {

    private static final int ENOENT = 2;
    private static final int EBADF = 9;
    private static final int ENODEV = 19;
    private static final int ENOTTY = 25;
    /** {@code _IOR('T', 0x1B, int)}: bytes waiting to be read. */
    private static final long FIONREAD = 0x541b;

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
        fd = (int) syscalls.eventfd(0, LibC.EFD_NONBLOCK | LibC.EFD_CLOEXEC);
        assertTrue("eventfd: " + fd, fd >= 0);
    }

    @After
    public void closeEventFd() {
        assertEquals(0, syscalls.close(fd));
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

    @Test
    public void openAndCloseReturnTheDescriptorOrMinusErrno() {
        long devNull = syscalls.open("/dev/null", LibC.O_RDWR | LibC.O_CLOEXEC);
        assertTrue("open /dev/null: " + devNull, devNull >= 0);
        assertEquals(0, syscalls.close((int) devNull));
        assertEquals(-EBADF, syscalls.close((int) devNull));
        assertEquals(-ENOENT, syscalls.open("/nonexistent/gost4j", LibC.O_RDWR));
    }

    @Test
    public void ioctlTakesAnAddress() {
        ByteBuffer waiting = ByteBuffer.allocateDirect(4).order(ByteOrder.nativeOrder());
        long devNull = syscalls.open("/dev/null", LibC.O_RDWR | LibC.O_CLOEXEC);
        try {
            assertEquals("FIONREAD is for streams, not /dev/null", -ENOTTY,
                    syscalls.ioctl((int) devNull, FIONREAD, address(waiting)));
        } finally {
            syscalls.close((int) devNull);
        }
        assertEquals(-EBADF, syscalls.ioctl(-1, FIONREAD, address(waiting)));
    }

    @Test
    public void interfaceIndexIsPositiveOrMinusEnodev() {
        assertTrue(syscalls.interfaceIndex("lo") > 0);
        assertEquals(-ENODEV, syscalls.interfaceIndex("g4jnosuchif"));
    }

    @Test
    public void netlinkSocketSendsAndReceives() {
        long socket = syscalls.socket(LibC.AF_NETLINK, LibC.SOCK_RAW | LibC.SOCK_CLOEXEC, LibC.NETLINK_ROUTE);
        assertTrue("socket: " + socket, socket >= 0);
        int netlink = (int) socket;
        try {
            ByteBuffer one = ByteBuffer.allocateDirect(4).order(ByteOrder.nativeOrder()).putInt(0, 1);
            assertEquals(0, syscalls.setsockopt(netlink, LibC.SOL_NETLINK, LibC.NETLINK_EXT_ACK, address(one), 4));
            ByteBuffer request = RtnetlinkMessages.setMtuAndUp(7, 0x7fff_fff0, 1500); // no such interface
            ByteBuffer buffer = ByteBuffer.allocateDirect(4096).order(ByteOrder.nativeOrder());
            buffer.put(0, request, request.position(), request.remaining());
            assertEquals(request.remaining(), syscalls.send(netlink, address(buffer), request.remaining(), 0));
            long received = syscalls.recv(netlink, address(buffer), buffer.capacity(), 0);
            assertTrue("recv: " + received, received >= RtnetlinkMessages.NLMSG_HDRLEN);
            assertEquals(RtnetlinkMessages.NLMSG_ERROR, buffer.getShort(4));
            assertEquals(7, buffer.getInt(8));
            assertEquals(-EBADF, syscalls.send(-1, address(buffer), 16, 0));
            assertEquals(-EBADF, syscalls.recv(-1, address(buffer), 16, 0));
        } finally {
            syscalls.close(netlink);
        }
    }

    @Test
    public void strerrorIsTheCLibrarysText() {
        assertTrue(syscalls.strerror(ENOENT), syscalls.strerror(ENOENT).startsWith("No such file or directory"));
    }

    @Test
    public void addressIsTheBuffersFirstByteAndOnlyForDirectBuffers() {
        ByteBuffer direct = ByteBuffer.allocateDirect(64);
        assertEquals(address(direct), syscalls.address(direct));
        assertEquals(address(direct) + 16, syscalls.address(direct.slice(16, 8)));
        assertThrows(IllegalArgumentException.class, () -> syscalls.address(ByteBuffer.allocate(8)));
    }

    @Test
    public void pointersAreEightBytes() {
        assertEquals(8, syscalls.pointerSize());
    }

    private static long address(ByteBuffer direct) {
        return Pointer.nativeValue(Native.getDirectBufferPointer(direct));
    }
}
