package org.gost4j.device.linux.internal;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.util.function.Consumer;

import com.sun.jna.LastErrorException;
import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.Pointer;

import org.gost4j.api.device.DeviceType;
import org.gost4j.api.device.IpNetwork;
import org.gost4j.api.device.TunDevice;
import org.gost4j.support.device.HeapBuffers;
import org.gost4j.support.io.DescriptorReferences;
import org.gost4j.support.io.NativeStructs;

/**
 * An open /dev/net/tun descriptor attached to one interface.
 *
 * <p>The descriptor is non-blocking. A read or write that would block polls the descriptor together with an
 * eventfd that {@link #close()} signals, so a blocked reader wakes up when the device is closed. Descriptors are
 * reference counted: every read or write holds a reference, so a descriptor is never closed (and its number
 * reused) while another thread still uses it; the last reference out closes both, which removes the interface.
 *
 * <p>Steady-state reads and writes of direct buffers allocate nothing: each direction remembers the last buffer
 * and its native address, and the tunnel passes the same buffer every time.
 *
 * <p>With offloads (a TUN descriptor opened with {@code IFF_VNET_HDR} and TSO), every packet crosses the
 * descriptor behind a virtio header: reads go through an {@link OffloadReader}, which splits TCP super-packets
 * and completes partial checksums ({@link #readSegments} hands out a super-packet's segments together), and
 * writes go through a {@link TcpCoalescer}, which joins consecutive segments of a TCP flow into a super-packet
 * until {@link #flush} and writes anything else behind a zero header (a plain packet, checksums verified by the
 * kernel). Callers see plain wire-sized packets either way.
 */
final class LinuxTunDevice implements TunDevice {

    private static final System.Logger LOG = System.getLogger(LinuxTunDevice.class.getName());
    private static final long EVENTFD_SIGNAL = 1;

    private final int tunFd;
    private final int eventFd;
    private final String name;
    private final DeviceType type;
    private final int mtu;
    private final Consumer<LinuxTunDevice> onClosed;
    private final TunSyscalls syscalls;
    /** Error message prefixes, built once: waiting for the descriptor happens per packet. */
    private final String readOperation;
    private final String writeOperation;

    /** Every read or write holds a reference; the last one out closes both descriptors. */
    private final DescriptorReferences descriptors = new DescriptorReferences(this::closeDescriptors);

    /**
     * Two pollfd entries each, at their native addresses: the tun descriptor, then the eventfd. One per direction.
     * Like every C structure on the packet path here, they live in direct buffers in native byte order, written
     * with plain stores rather than JNA {@code Memory} accessors (a native call each).
     */
    private final ByteBuffer readPollSet;
    private final long readPollSetAddress;
    private final ByteBuffer writePollSet;
    private final long writePollSetAddress;
    /** For {@link #awaitReadable}: the read set and a third entry for the caller's descriptor. */
    private final ByteBuffer awaitPollSet;
    private final long awaitPollSetAddress;

    private volatile BufferAddress readBuffer;
    private volatile BufferAddress writeBuffer;

    /** Null without offloads. */
    private final OffloadReader offloadReader;
    private final OffloadReader.VectoredRead vectoredRead = this::readv;
    private final OffloadReader.VectoredRead vectoredReadNow = this::readvNow;
    /** Null without offloads; used by the writing thread only. */
    private final TcpCoalescer coalescer;
    private final TcpCoalescer.Sink vectoredWrite = this::writev;
    /** Offloads only: two {@code struct iovec} for writes, a virtio header and the packet. */
    private final ByteBuffer writeIov;
    private final long writeIovAddress;
    private final long plainHeaderAddress;
    private final long gsoHeaderAddress;
    private final long pendingAddress;

    /** Remembers a direct buffer's native address so it is looked up once, not per packet. */
    private record BufferAddress(ByteBuffer buffer, long address) {

        static BufferAddress of(ByteBuffer buffer) {
            return new BufferAddress(buffer, NativeStructs.address(buffer));
        }
    }

    LinuxTunDevice(int tunFd, int eventFd, String name, DeviceType type, int mtu, boolean offload,
            Consumer<LinuxTunDevice> onClosed, TunSyscalls syscalls) {
        this.tunFd = tunFd;
        this.eventFd = eventFd;
        this.name = name;
        this.type = type;
        this.mtu = mtu;
        this.onClosed = onClosed;
        this.syscalls = syscalls;
        this.readOperation = "read from " + name;
        this.writeOperation = "write to " + name;
        this.readPollSet = pollSet(2, tunFd, LibC.POLLIN, eventFd);
        this.readPollSetAddress = NativeStructs.address(readPollSet);
        this.writePollSet = pollSet(2, tunFd, LibC.POLLOUT, eventFd);
        this.writePollSetAddress = NativeStructs.address(writePollSet);
        this.awaitPollSet = pollSet(3, tunFd, LibC.POLLIN, eventFd);
        awaitPollSet.putShort(20, LibC.POLLIN);
        this.awaitPollSetAddress = NativeStructs.address(awaitPollSet);
        if (offload) {
            offloadReader = new OffloadReader(name);
            coalescer = new TcpCoalescer();
            writeIov = NativeStructs.allocate(32);
            writeIovAddress = NativeStructs.address(writeIov);
            writeIov.putLong(8, VirtioNetHeader.SIZE);
            plainHeaderAddress = NativeStructs.address(coalescer.plainHeader);
            gsoHeaderAddress = NativeStructs.address(coalescer.gsoHeader);
            pendingAddress = NativeStructs.address(coalescer.pending);
        } else {
            offloadReader = null;
            coalescer = null;
            writeIov = null;
            writeIovAddress = 0;
            plainHeaderAddress = 0;
            gsoHeaderAddress = 0;
            pendingAddress = 0;
        }
    }

    /** The offload read side, or null without offloads; package-private for tests. */
    OffloadReader offloadReader() {
        return offloadReader;
    }

    /** The offload write side, or null without offloads; package-private for tests. */
    TcpCoalescer coalescer() {
        return coalescer;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public DeviceType type() {
        return type;
    }

    @Override
    public int mtu() {
        return mtu;
    }

    @Override
    public int read(ByteBuffer dst) throws IOException {
        return read(dst, false, true);
    }

    @Override
    public int readSegments(ByteBuffer dst) throws IOException {
        return read(dst, offloadReader != null, true);
    }

    @Override
    public int readSegmentsNow(ByteBuffer dst) throws IOException {
        return read(dst, offloadReader != null, false);
    }

    @Override
    public boolean canAwaitWith() {
        return true;
    }

    @Override
    public void awaitReadable(int descriptor, int timeoutMillis) throws IOException {
        descriptors.acquire();
        try {
            descriptors.ensureOpen();
            awaitPollSet.putInt(16, descriptor);
            long ready = syscalls.poll(awaitPollSetAddress, 3, timeoutMillis);
            if (ready < 0) {
                int errno = (int) -ready;
                if (errno != LibC.EINTR) {
                    throw Errno.exception("poll " + name, errno);
                }
            }
        } finally {
            descriptors.release();
        }
    }

    /** @param wait whether to block for a packet; without, -1 when none is waiting */
    private int read(ByteBuffer dst, boolean batch, boolean wait) throws IOException {
        if (!dst.isDirect()) {
            if (!wait) {
                throw new IllegalArgumentException("reads without blocking need a direct buffer");
            }
            return HeapBuffers.read(this, dst);
        }
        descriptors.acquire();
        try {
            BufferAddress cached = readBuffer;
            if (cached == null || cached.buffer() != dst) {
                cached = BufferAddress.of(dst);
                readBuffer = cached;
            }
            if (offloadReader != null) {
                return offloadReader.read(dst, cached.address(), wait ? vectoredRead : vectoredReadNow, batch);
            }
            int position = dst.position();
            int room = dst.limit() - position;
            while (true) {
                descriptors.ensureOpen();
                long n = syscalls.read(tunFd, cached.address() + position, room);
                if (n >= 0) {
                    // The kernel truncates a packet that does not fit; report only what was stored.
                    int length = (int) Math.min(n, room);
                    dst.position(position + length);
                    return length;
                }
                int errno = (int) -n;
                if (!wait && errno == LibC.EAGAIN) {
                    return -1;
                }
                awaitReady(readOperation, readPollSetAddress, errno);
            }
        } finally {
            descriptors.release();
        }
    }

    /** Offloads: one blocking readv of a virtio header and a packet, for the {@link OffloadReader}. */
    private long readv(long iov, int count) throws IOException {
        while (true) {
            descriptors.ensureOpen();
            long n = syscalls.readv(tunFd, iov, count);
            if (n >= 0) {
                return n;
            }
            awaitReady(readOperation, readPollSetAddress, (int) -n);
        }
    }

    /** Offloads: {@link #readv}, but {@link OffloadReader#NOTHING_WAITING} instead of blocking. */
    private long readvNow(long iov, int count) throws IOException {
        while (true) {
            descriptors.ensureOpen();
            long n = syscalls.readv(tunFd, iov, count);
            if (n >= 0) {
                return n;
            }
            int errno = (int) -n;
            if (errno == LibC.EAGAIN) {
                return OffloadReader.NOTHING_WAITING;
            }
            awaitReady(readOperation, readPollSetAddress, errno);
        }
    }

    @Override
    public void write(ByteBuffer src) throws IOException {
        if (!src.isDirect()) {
            HeapBuffers.write(this, src);
            return;
        }
        descriptors.acquire();
        try {
            BufferAddress cached = writeBuffer;
            if (cached == null || cached.buffer() != src) {
                cached = BufferAddress.of(src);
                writeBuffer = cached;
            }
            int position = src.position();
            int length = src.limit() - position;
            if (coalescer != null) {
                coalescer.write(src, position, length, vectoredWrite);
            } else {
                while (true) {
                    descriptors.ensureOpen();
                    // tun takes a packet whole or not at all, so there is no partial write to continue.
                    long written = syscalls.write(tunFd, cached.address() + position, length);
                    if (written >= 0) {
                        break;
                    }
                    awaitReady(writeOperation, writePollSetAddress, (int) -written);
                }
            }
            src.position(position + length);
        } finally {
            descriptors.release();
        }
    }

    @Override
    public void flush() throws IOException {
        if (coalescer == null || !coalescer.hasPending()) {
            return;
        }
        descriptors.acquire();
        try {
            coalescer.flush(vectoredWrite);
        } finally {
            descriptors.release();
        }
    }

    /** Offloads: one writev of a virtio header and a packet, from the coalescer's buffers or the caller's. */
    private void writev(ByteBuffer header, ByteBuffer packet, int offset, int length) throws IOException {
        writeIov.putLong(0, header == coalescer.gsoHeader ? gsoHeaderAddress : plainHeaderAddress);
        writeIov.putLong(16, (packet == coalescer.pending ? pendingAddress : writeBuffer.address()) + offset);
        writeIov.putLong(24, length);
        while (true) {
            descriptors.ensureOpen();
            // tun takes a packet whole or not at all, so there is no partial write to continue.
            long written = syscalls.writev(tunFd, writeIovAddress, 2);
            if (written >= 0) {
                return;
            }
            awaitReady(writeOperation, writePollSetAddress, (int) -written);
        }
    }

    /** After a failed read or write: waits on EAGAIN, returns to retry on EINTR, else throws. */
    private void awaitReady(String operation, long pollSet, int errno) throws IOException {
        if (errno == LibC.EINTR) {
            return;
        }
        if (errno != LibC.EAGAIN) {
            descriptors.ensureOpen();
            throw Errno.exception(operation, errno);
        }
        long ready = syscalls.poll(pollSet, 2, -1);
        if (ready < 0) {
            int pollErrno = (int) -ready;
            if (pollErrno != LibC.EINTR) {
                throw Errno.exception("poll " + name, pollErrno);
            }
        }
    }

    @Override
    public void addRoute(IpNetwork route) throws IOException {
        descriptors.ensureOpen();
        InterfaceConfigurator.addRoute(name, route);
    }

    @Override
    public void addRoute(IpNetwork route, InetAddress gateway) throws IOException {
        descriptors.ensureOpen();
        InterfaceConfigurator.addRoute(name, route, gateway);
    }

    @Override
    public void removeRoute(IpNetwork route) throws IOException {
        descriptors.ensureOpen();
        InterfaceConfigurator.removeRoute(name, route);
    }

    @Override
    public void close() {
        if (!descriptors.close(this::signalClose)) {
            return;
        }
        onClosed.accept(this);
        if (offloadReader != null) {
            // Whatever the coalescer still holds is dropped: the writer's next call finds the device closed.
            LOG.log(System.Logger.Level.INFO, "closed {0}: read {1} TCP super-packets as {2} segments, dropped {3};"
                    + " wrote {4} super-packets joined from {5} segments, {6} segments not joined for bad checksums",
                    name, offloadReader.superPackets.sum(), offloadReader.segments.sum(), offloadReader.dropped.sum(),
                    coalescer.superPackets.sum(), coalescer.segmentsJoined.sum(), coalescer.checksumFailures.sum());
        }
    }

    /** Makes the eventfd readable for good, waking every poller now and later. */
    private void signalClose() {
        Memory value = new Memory(8);
        value.setLong(0, EVENTFD_SIGNAL);
        if (LibC.write(eventFd, Pointer.nativeValue(value), 8) < 0) {
            LOG.log(System.Logger.Level.WARNING, "cannot wake readers of {0}: {1}", name,
                    Errno.text(Native.getLastError()));
        }
    }

    private void closeDescriptors() {
        closeDescriptor(tunFd);
        closeDescriptor(eventFd);
        LOG.log(System.Logger.Level.DEBUG, "closed {0}", name);
    }

    private void closeDescriptor(int fd) {
        try {
            LibC.close(fd);
        } catch (LastErrorException e) {
            LOG.log(System.Logger.Level.WARNING, "closing descriptor of {0} failed: {1}", name,
                    Errno.text(e.getErrorCode()));
        }
    }

    /** {@code entries} pollfd entries (8 bytes each), the first two for {@code fd} and {@code eventFd}. */
    private static ByteBuffer pollSet(int entries, int fd, short events, int eventFd) {
        ByteBuffer set = NativeStructs.allocate(entries * 8);
        set.putInt(0, fd);
        set.putShort(4, events);
        set.putInt(8, eventFd);
        set.putShort(12, LibC.POLLIN);
        return set;
    }

    @Override
    public String toString() {
        return "LinuxTunDevice[" + name + ", " + type + ", mtu " + mtu + "]";
    }
}
