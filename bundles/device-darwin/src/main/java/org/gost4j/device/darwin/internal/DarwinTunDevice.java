package org.gost4j.device.darwin.internal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.function.Consumer;

import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.Pointer;

import org.gost4j.api.device.DeviceType;
import org.gost4j.api.device.IpNetwork;
import org.gost4j.api.device.TunDevice;
import org.gost4j.support.device.HeapBuffers;
import org.gost4j.support.io.DescriptorReferences;

/**
 * An open utun control socket. Every packet on utun carries a 4-byte address-family header; this device adds
 * and strips it with {@code readv}/{@code writev} and a second iovec, so the tunnel's buffer holds the bare IP
 * packet and nothing is copied or allocated per packet.
 *
 * <p>The socket is non-blocking; a read or write that would block polls it together with the read end of a
 * pipe that {@link #close()} writes to, so a blocked reader wakes up. Descriptors are reference counted as in
 * the Linux driver: the last read, write or close out closes them, which removes the interface.
 */
final class DarwinTunDevice implements TunDevice {

    static final int EINTR = 4;
    static final int EAGAIN = 35;
    /** utun's send queue is full: the packet is dropped, as an interface queue drops. */
    static final int ENOBUFS = 55;
    static final short POLLIN = 0x1;
    static final short POLLOUT = 0x4;
    /** {@code struct iovec}: void *iov_base, size_t iov_len (LP64). */
    static final int IOVEC_SIZE = 16;
    /** {@code struct pollfd}: int fd, short events, short revents. */
    static final int POLLFD_SIZE = 8;

    private static final System.Logger LOG = System.getLogger(DarwinTunDevice.class.getName());

    private final DarwinNative os;
    private final int fd;
    private final int wakeRead;
    private final int wakeWrite;
    private final String name;
    /** Error texts built once, not per packet (a read or write that would block passes one). */
    private final String readOperation;
    private final String writeOperation;
    private final int mtu;
    private final Consumer<DarwinTunDevice> onClosed;
    /** Every read or write holds a reference; the last one out closes the descriptors. */
    private final DescriptorReferences descriptors = new DescriptorReferences(this::closeDescriptors);

    /** Per direction: two iovecs (header, packet) then the 4-byte header itself. */
    private final Memory readIov = new Memory(2 * IOVEC_SIZE + UtunStructs.AF_HEADER_SIZE);
    private final Memory writeIov = new Memory(2 * IOVEC_SIZE + UtunStructs.AF_HEADER_SIZE);
    private final Memory readPollSet;
    private final Memory writePollSet;

    private volatile ByteBuffer readBuffer;
    private volatile long readAddress;
    private volatile ByteBuffer writeBuffer;
    private volatile long writeAddress;

    DarwinTunDevice(DarwinNative os, int fd, int[] wakePipe, String name, int mtu, Consumer<DarwinTunDevice> onClosed) {
        this.os = os;
        this.fd = fd;
        this.wakeRead = wakePipe[0];
        this.wakeWrite = wakePipe[1];
        this.name = name;
        this.readOperation = "read from " + name;
        this.writeOperation = "write to " + name;
        this.mtu = mtu;
        this.onClosed = onClosed;
        prepareIov(readIov);
        prepareIov(writeIov);
        readPollSet = pollSet(fd, POLLIN, wakeRead);
        writePollSet = pollSet(fd, POLLOUT, wakeRead);
    }

    /** The first iovec always points at the header stored right after the two iovecs. */
    private static void prepareIov(Memory iov) {
        iov.setLong(0, Pointer.nativeValue(iov) + 2 * IOVEC_SIZE);
        iov.setLong(8, UtunStructs.AF_HEADER_SIZE);
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public DeviceType type() {
        return DeviceType.TUN;
    }

    @Override
    public int mtu() {
        return mtu;
    }

    @Override
    public int read(ByteBuffer dst) throws IOException {
        if (!dst.isDirect()) {
            return HeapBuffers.read(this, dst);
        }
        descriptors.acquire();
        try {
            if (readBuffer != dst) {
                readAddress = Pointer.nativeValue(Native.getDirectBufferPointer(dst));
                readBuffer = dst;
            }
            int position = dst.position();
            int room = dst.limit() - position;
            readIov.setLong(IOVEC_SIZE, readAddress + position);
            readIov.setLong(IOVEC_SIZE + 8, room);
            while (true) {
                descriptors.ensureOpen();
                long n = os.readv(fd, Pointer.nativeValue(readIov), 2);
                if (n >= UtunStructs.AF_HEADER_SIZE) {
                    int length = (int) Math.min(n - UtunStructs.AF_HEADER_SIZE, room);
                    dst.position(position + length);
                    return length;
                }
                if (n < 0) {
                    awaitReady(readOperation, readPollSet, os.lastError());
                }
                // a datagram shorter than its header carries no packet: read the next one
            }
        } finally {
            descriptors.release();
        }
    }

    @Override
    public void write(ByteBuffer src) throws IOException {
        if (!src.isDirect()) {
            HeapBuffers.write(this, src);
            return;
        }
        int position = src.position();
        int length = src.limit() - position;
        int family = length == 0 ? -1 : UtunStructs.familyOf(src.get(position));
        if (family < 0) {
            throw new IOException("write to " + name + ": not an IPv4 or IPv6 packet");
        }
        descriptors.acquire();
        try {
            if (writeBuffer != src) {
                writeAddress = Pointer.nativeValue(Native.getDirectBufferPointer(src));
                writeBuffer = src;
            }
            long header = 2 * IOVEC_SIZE;
            writeIov.setByte(header, (byte) 0);
            writeIov.setByte(header + 1, (byte) 0);
            writeIov.setByte(header + 2, (byte) 0);
            writeIov.setByte(header + 3, (byte) family);
            writeIov.setLong(IOVEC_SIZE, writeAddress + position);
            writeIov.setLong(IOVEC_SIZE + 8, length);
            while (true) {
                descriptors.ensureOpen();
                if (os.writev(fd, Pointer.nativeValue(writeIov), 2) >= 0) {
                    break;
                }
                int errno = os.lastError();
                if (errno == ENOBUFS) {
                    break;
                }
                awaitReady(writeOperation, writePollSet, errno);
            }
            src.position(position + length);
        } finally {
            descriptors.release();
        }
    }

    private void awaitReady(String operation, Memory pollSet, int errno) throws IOException {
        if (errno == EINTR) {
            return;
        }
        if (errno != EAGAIN) {
            descriptors.ensureOpen();
            throw new ErrnoException(operation, errno, os.strerror(errno));
        }
        if (os.poll(Pointer.nativeValue(pollSet), 2, -1) < 0) {
            int pollErrno = os.lastError();
            if (pollErrno != EINTR) {
                throw new ErrnoException("poll " + name, pollErrno, os.strerror(pollErrno));
            }
        }
    }

    @Override
    public void addRoute(IpNetwork route) throws IOException {
        descriptors.ensureOpen();
        os.run(DarwinConfigurator.route("add", name, route));
    }

    @Override
    public void removeRoute(IpNetwork route) throws IOException {
        descriptors.ensureOpen();
        os.run(DarwinConfigurator.route("delete", name, route));
    }

    @Override
    public void close() {
        if (descriptors.close(this::wakeBlockedCalls)) {
            onClosed.accept(this);
        }
    }

    /** Makes the wake pipe readable for good, waking every poller now and later. */
    private void wakeBlockedCalls() {
        Memory one = new Memory(1);
        one.setByte(0, (byte) 1);
        if (os.write(wakeWrite, Pointer.nativeValue(one), 1) < 0) {
            LOG.log(System.Logger.Level.WARNING, "cannot wake readers of {0}: {1}", name, os.strerror(os.lastError()));
        }
    }

    private void closeDescriptors() {
        UtunSocket.closeQuietly(os, fd);
        UtunSocket.closeQuietly(os, wakeRead);
        UtunSocket.closeQuietly(os, wakeWrite);
    }

    private static Memory pollSet(int fd, short events, int wakeFd) {
        Memory set = new Memory(2 * POLLFD_SIZE);
        set.setInt(0, fd);
        set.setShort(4, events);
        set.setShort(6, (short) 0);
        set.setInt(8, wakeFd);
        set.setShort(12, POLLIN);
        set.setShort(14, (short) 0);
        return set;
    }

    @Override
    public String toString() {
        return "DarwinTunDevice[" + name + ", mtu " + mtu + "]";
    }
}
