package org.gost4j.device.darwin.internal;

import java.io.IOException;
import java.net.InetAddress;

import com.sun.jna.Memory;
import com.sun.jna.Pointer;

import org.gost4j.api.device.DeviceType;
import org.gost4j.api.device.IpNetwork;
import org.gost4j.api.io.PacketBatch;
import org.gost4j.support.device.AbstractTunDevice;
import org.gost4j.support.device.OpenDevices;
import org.gost4j.support.io.BufferAddresses;
import org.gost4j.support.jna.NativeStructs;

/**
 * An open utun control socket. Every packet on utun carries a 4-byte address-family header; this device adds
 * and strips it with {@code readv}/{@code writev} and a second iovec, so the batch holds bare IP packets and
 * nothing is copied or allocated per packet. A read takes packets until the batch is full or none is waiting.
 *
 * <p>The socket is non-blocking; a read or write that would block polls it together with the read end of a
 * pipe that {@link #close()} writes to, so a blocked reader wakes up.
 */
final class DarwinTunDevice extends AbstractTunDevice {

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
    /** One system call per packet, but no wake-up once the first has come. */
    static final int BATCH_SIZE = 64;

    private static final System.Logger LOG = System.getLogger(DarwinTunDevice.class.getName());

    private final DarwinNative os;
    private final int fd;
    private final int wakeRead;
    private final int wakeWrite;
    /** Error texts built once, not per packet (a read or write that would block passes one). */
    private final String readOperation;
    private final String writeOperation;

    /** Per direction: two iovecs (header, packet) then the 4-byte header itself. */
    private final Memory readIov = new Memory(2 * IOVEC_SIZE + UtunStructs.AF_HEADER_SIZE);
    private final Memory writeIov = new Memory(2 * IOVEC_SIZE + UtunStructs.AF_HEADER_SIZE);
    private final Memory readPollSet;
    private final Memory writePollSet;
    private final BufferAddresses readBuffers = new BufferAddresses(NativeStructs::address);
    private final BufferAddresses writeBuffers = new BufferAddresses(NativeStructs::address);

    DarwinTunDevice(DarwinNative os, int fd, int[] wakePipe, String name, int mtu, OpenDevices openDevices) {
        super(name, DeviceType.TUN, mtu, openDevices);
        this.os = os;
        this.fd = fd;
        this.wakeRead = wakePipe[0];
        this.wakeWrite = wakePipe[1];
        this.readOperation = "read from " + name;
        this.writeOperation = "write to " + name;
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
    public int batchSize() {
        return BATCH_SIZE;
    }

    @Override
    protected int readPackets(PacketBatch batch, boolean wait) throws IOException {
        int at = batch.end();
        int room = batch.room();
        readIov.setLong(IOVEC_SIZE, readBuffers.of(batch.buffer()) + at);
        readIov.setLong(IOVEC_SIZE + 8, room);
        while (true) {
            ensureOpen();
            long n = os.readv(fd, Pointer.nativeValue(readIov), 2);
            if (n >= UtunStructs.AF_HEADER_SIZE) {
                batch.add(at, (int) Math.min(n - UtunStructs.AF_HEADER_SIZE, room));
                return 1;
            }
            if (n < 0) {
                int errno = os.lastError();
                if (!wait && errno == EAGAIN) {
                    return 0;
                }
                awaitReady(readOperation, readPollSet, errno);
            }
            // a datagram shorter than its header carries no packet: read the next one
        }
    }

    @Override
    protected void writePacket(PacketBatch batch, int index) throws IOException {
        int position = batch.offset(index);
        int length = batch.length(index);
        int family = length == 0 ? -1 : UtunStructs.familyOf(batch.buffer().get(position));
        if (family < 0) {
            throw new IOException("write to " + name() + ": not an IPv4 or IPv6 packet");
        }
        long header = 2 * IOVEC_SIZE;
        writeIov.setByte(header, (byte) 0);
        writeIov.setByte(header + 1, (byte) 0);
        writeIov.setByte(header + 2, (byte) 0);
        writeIov.setByte(header + 3, (byte) family);
        writeIov.setLong(IOVEC_SIZE, writeBuffers.of(batch.buffer()) + position);
        writeIov.setLong(IOVEC_SIZE + 8, length);
        while (true) {
            ensureOpen();
            if (os.writev(fd, Pointer.nativeValue(writeIov), 2) >= 0) {
                return;
            }
            int errno = os.lastError();
            if (errno == ENOBUFS) {
                return;
            }
            awaitReady(writeOperation, writePollSet, errno);
        }
    }

    private void awaitReady(String operation, Memory pollSet, int errno) throws IOException {
        if (errno == EINTR) {
            return;
        }
        if (errno != EAGAIN) {
            ensureOpen();
            throw new ErrnoException(operation, errno, os.strerror(errno));
        }
        if (os.poll(Pointer.nativeValue(pollSet), 2, -1) < 0) {
            int pollErrno = os.lastError();
            if (pollErrno != EINTR) {
                throw new ErrnoException("poll " + name(), pollErrno, os.strerror(pollErrno));
            }
        }
    }

    @Override
    protected void changeRoute(boolean add, IpNetwork route, InetAddress gateway) throws IOException {
        os.run(DarwinConfigurator.route(add ? "add" : "delete", name(), route, gateway));
    }

    /** Makes the wake pipe readable for good, waking every poller now and later. */
    @Override
    protected void wakeBlockedCalls() {
        Memory one = new Memory(1);
        one.setByte(0, (byte) 1);
        if (os.write(wakeWrite, Pointer.nativeValue(one), 1) < 0) {
            LOG.log(System.Logger.Level.WARNING, "cannot wake readers of {0}: {1}", name(),
                    os.strerror(os.lastError()));
        }
    }

    @Override
    protected void release() {
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
}
