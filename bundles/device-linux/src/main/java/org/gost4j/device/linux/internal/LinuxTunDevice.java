package org.gost4j.device.linux.internal;

import java.io.IOException;
import java.lang.ref.Reference;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;

import org.gost4j.api.device.DeviceType;
import org.gost4j.api.device.IpNetwork;
import org.gost4j.api.io.PacketBatch;
import org.gost4j.api.io.Pollable;
import org.gost4j.support.device.AbstractTunDevice;
import org.gost4j.support.device.OpenDevices;
import org.gost4j.support.io.BufferAddresses;
import org.gost4j.support.jna.NativeStructs;

/**
 * An open /dev/net/tun descriptor attached to one interface.
 *
 * <p>The descriptor is non-blocking. A read or write that would block polls the descriptor together with an
 * eventfd that {@link #close()} signals, so a blocked reader wakes up when the device is closed; a poller
 * watching the device ({@link Pollable}) watches both too. The last call out closes both descriptors, which
 * removes the interface. A read takes packets until the batch is full or none is waiting.
 *
 * <p>With offloads (a TUN descriptor opened with {@code IFF_VNET_HDR} and TSO), every packet crosses the
 * descriptor behind a virtio header: reads go through an {@link OffloadReader}, which splits TCP super-packets
 * into wire-sized segments and completes partial checksums, and writes go through a {@link TcpCoalescer}, which
 * joins consecutive segments of a TCP flow within one written batch into a super-packet and writes anything
 * else behind a zero header (a plain packet, checksums verified by the kernel). Callers see plain wire-sized
 * packets either way.
 */
final class LinuxTunDevice extends AbstractTunDevice implements Pollable {

    private static final System.Logger LOG = System.getLogger(LinuxTunDevice.class.getName());
    private static final long EVENTFD_SIGNAL = 1;
    /** Reads are one system call per packet (or super-packet) but cost no wake-up once the first has come. */
    static final int BATCH_SIZE = 64;

    private final int tunFd;
    private final int eventFd;
    private final int[] pollDescriptors;
    private final TunSyscalls syscalls;
    /** Error message prefixes, built once: waiting for the descriptor happens per packet. */
    private final String readOperation;
    private final String writeOperation;

    /**
     * Two pollfd entries each, at their native addresses: the tun descriptor, then the eventfd. One per direction.
     * Like every C structure on the packet path here, they live in direct buffers in native byte order, written
     * with plain stores rather than through native accessors (a native call each).
     */
    private final ByteBuffer readPollSet;
    private final long readPollSetAddress;
    private final ByteBuffer writePollSet;
    private final long writePollSetAddress;
    private final BufferAddresses readBuffers;
    private final BufferAddresses writeBuffers;

    /** Null without offloads. */
    private final OffloadReader offloadReader;
    private final OffloadReader.VectoredRead vectoredRead = this::readv;
    private final OffloadReader.VectoredRead vectoredReadNow = this::readvNow;
    /** Null without offloads; used by the writing thread only. */
    private final TcpCoalescer coalescer;
    private final TcpCoalescer.Sink vectoredWrite = this::writev;

    LinuxTunDevice(int tunFd, int eventFd, String name, DeviceType type, int mtu, boolean offload,
            OpenDevices openDevices, TunSyscalls syscalls) {
        super(name, type, mtu, openDevices);
        this.tunFd = tunFd;
        this.eventFd = eventFd;
        this.pollDescriptors = new int[] {tunFd, eventFd};
        this.syscalls = syscalls;
        this.readOperation = "read from " + name;
        this.writeOperation = "write to " + name;
        this.readPollSet = pollSet(tunFd, LibC.POLLIN, eventFd);
        this.readPollSetAddress = syscalls.address(readPollSet);
        this.writePollSet = pollSet(tunFd, LibC.POLLOUT, eventFd);
        this.writePollSetAddress = syscalls.address(writePollSet);
        this.readBuffers = new BufferAddresses(syscalls::address);
        this.writeBuffers = new BufferAddresses(syscalls::address);
        if (offload) {
            offloadReader = new OffloadReader(name, syscalls::address);
            coalescer = new TcpCoalescer(syscalls::address);
        } else {
            offloadReader = null;
            coalescer = null;
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
    public int batchSize() {
        return BATCH_SIZE;
    }

    @Override
    public int[] acquireDescriptors() throws ClosedChannelException {
        references.acquire();
        return pollDescriptors.clone();
    }

    @Override
    public void releaseDescriptors() {
        references.release();
    }

    @Override
    public int readNow(PacketBatch batch) throws IOException {
        return readWithoutWaiting(batch);
    }

    @Override
    protected int readPackets(PacketBatch batch, boolean wait) throws IOException {
        long base = readBuffers.of(batch.buffer());
        if (offloadReader != null) {
            return offloadReader.read(batch, base, wait ? vectoredRead : vectoredReadNow);
        }
        int at = batch.end();
        int room = batch.room();
        while (true) {
            ensureOpen();
            long n = syscalls.read(tunFd, base + at, room);
            if (n >= 0) {
                // The kernel truncates a packet that does not fit; report only what was stored.
                batch.add(at, (int) Math.min(n, room));
                return 1;
            }
            int errno = (int) -n;
            if (!wait && errno == LibC.EAGAIN) {
                return 0;
            }
            awaitReady(readOperation, readPollSetAddress, errno);
        }
    }

    /** Offloads: one blocking readv of a virtio header and a packet, for the {@link OffloadReader}. */
    private long readv(long iov, int count) throws IOException {
        while (true) {
            ensureOpen();
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
            ensureOpen();
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
    protected void writePacket(PacketBatch batch, int index) throws IOException {
        long address = writeBuffers.of(batch.buffer()) + batch.offset(index);
        int length = batch.length(index);
        if (coalescer != null) {
            try {
                coalescer.write(batch.buffer(), batch.offset(index), length, address, vectoredWrite);
            } catch (IOException | RuntimeException e) {
                coalescer.discard(); // what it kept lies in this batch, which the caller reuses
                throw e;
            }
            return;
        }
        while (true) {
            ensureOpen();
            // tun takes a packet whole or not at all, so there is no partial write to continue.
            long written = syscalls.write(tunFd, address, length);
            if (written >= 0) {
                return;
            }
            awaitReady(writeOperation, writePollSetAddress, (int) -written);
        }
    }

    @Override
    protected void endWrite() throws IOException {
        if (coalescer != null) {
            coalescer.flush(vectoredWrite);
        }
    }

    /** Offloads: one writev of a packet behind its virtio header, as {@code count} iovecs at {@code iov}. */
    private void writev(long iov, int count) throws IOException {
        while (true) {
            ensureOpen();
            // tun takes a packet whole or not at all, so there is no partial write to continue.
            long written = syscalls.writev(tunFd, iov, count);
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
            ensureOpen();
            throw Errno.exception(syscalls, operation, errno);
        }
        long ready = syscalls.poll(pollSet, 2, -1);
        if (ready < 0) {
            int pollErrno = (int) -ready;
            if (pollErrno != LibC.EINTR) {
                throw Errno.exception(syscalls, "poll " + name(), pollErrno);
            }
        }
    }

    @Override
    protected void changeRoute(boolean add, IpNetwork route, InetAddress gateway) throws IOException {
        if (!add) {
            InterfaceConfigurator.removeRoute(syscalls, name(), route);
        } else if (gateway == null) {
            InterfaceConfigurator.addRoute(syscalls, name(), route);
        } else {
            InterfaceConfigurator.addRoute(syscalls, name(), route, gateway);
        }
    }

    /** Makes the eventfd readable for good, waking every poller now and later. */
    @Override
    protected void wakeBlockedCalls() {
        ByteBuffer value = NativeStructs.allocate(8).putLong(0, EVENTFD_SIGNAL);
        long written = syscalls.write(eventFd, syscalls.address(value), 8);
        Reference.reachabilityFence(value); // only its address went to the kernel
        if (written < 0) {
            LOG.log(System.Logger.Level.WARNING, "cannot wake readers of {0}: {1}", name(), Errno.text(syscalls, (int) -written));
        }
    }

    @Override
    protected void closed() {
        if (offloadReader != null) {
            // Nothing is kept between writes, so nothing is lost here.
            LOG.log(System.Logger.Level.INFO, "closed {0}: read {1} TCP super-packets as {2} segments, dropped {3};"
                    + " wrote {4} super-packets joined from {5} segments, {6} segments not joined for bad checksums",
                    name(), offloadReader.superPackets.sum(), offloadReader.segments.sum(), offloadReader.dropped.sum(),
                    coalescer.superPackets.sum(), coalescer.segmentsJoined.sum(), coalescer.checksumFailures.sum());
        }
    }

    @Override
    protected void release() {
        closeDescriptor(tunFd);
        closeDescriptor(eventFd);
        LOG.log(System.Logger.Level.DEBUG, "closed {0}", name());
    }

    private void closeDescriptor(int fd) {
        long closed = syscalls.close(fd);
        if (closed < 0) {
            LOG.log(System.Logger.Level.WARNING, "closing descriptor of {0} failed: {1}", name(),
                    Errno.text(syscalls, (int) -closed));
        }
    }

    /** Two pollfd entries (8 bytes each): {@code fd} for {@code events}, then {@code eventFd} for input. */
    private static ByteBuffer pollSet(int fd, short events, int eventFd) {
        ByteBuffer set = NativeStructs.allocate(16);
        set.putInt(0, fd);
        set.putShort(4, events);
        set.putInt(8, eventFd);
        set.putShort(12, LibC.POLLIN);
        return set;
    }
}
