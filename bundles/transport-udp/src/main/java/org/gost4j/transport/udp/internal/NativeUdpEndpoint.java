package org.gost4j.transport.udp.internal;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.PortUnreachableException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.util.function.Consumer;

import org.gost4j.api.io.PacketBatch;
import org.gost4j.api.io.Pollable;
import org.gost4j.api.transport.DatagramEndpoint;
import org.gost4j.support.io.BufferAddresses;
import org.gost4j.support.io.DescriptorReferences;
import org.gost4j.support.jna.NativeStructs;

/**
 * One Linux UDP socket driven through libc: a dual-stack IPv6 socket in blocking mode, so a receive is one
 * {@code recvmsg} with no wake-up dance, with UDP GRO on, so a burst the peer sent with GSO (or the kernel
 * coalesced) arrives in one call, straight into the caller's batch, and is split there into its datagrams; runs
 * of a sent batch that are back to back, for one peer and of one size go out as UDP GSO sends
 * ({@code UDP_SEGMENT}). The wire carries ordinary datagrams either way. A poller can watch the socket
 * ({@link Pollable}): {@link #close()} shuts it down, which makes it poll readable.
 *
 * <p>One thread receives; any threads send, one at a time. The descriptor is reference counted like the TUN
 * device's: {@link #close()} shuts the socket down (which wakes a blocked receiver) and the last call out closes
 * it, so its number is never reused under a running call. Nothing is allocated per datagram except a sender
 * address object when the sender changes, as the JDK does. The C structures the calls take are
 * {@link NativeStructs}.
 */
final class NativeUdpEndpoint implements DatagramEndpoint, Pollable {

    private static final System.Logger LOG = System.getLogger(NativeUdpEndpoint.class.getName());

    /** The largest UDP payload, and what one GRO receive can hold. */
    static final int MAX_DATAGRAM = 65535;
    /** Kept under the IPv4 limit of one UDP datagram (65507) for every GSO send, with room to spare. */
    static final int MAX_GSO_BYTES = 65000;
    /** The kernel's {@code UDP_MAX_SEGMENTS} is at least this on every version with UDP GSO. */
    static final int MAX_GSO_SEGMENTS = 64;
    /** The most datagrams one GRO receive hands over (the kernel's {@code UDP_GRO_CNT_MAX}). */
    static final int MAX_GRO_SEGMENTS = 64;
    /** Room for two GRO receives, or many single datagrams, per call. */
    static final int BATCH_SIZE = 2 * MAX_GRO_SEGMENTS;

    private static final int CONTROL_BYTES = 64;
    /** {@code struct msghdr} on LP64: name, namelen, iov, iovlen, control, controllen, flags. */
    private static final int MSGHDR_BYTES = 56;
    private static final int MSG_NAMELEN = 8;
    private static final int MSG_IOV = 16;
    private static final int MSG_IOVLEN = 24;
    private static final int MSG_CONTROL = 32;
    private static final int MSG_CONTROLLEN = 40;
    private static final int MSG_FLAGS = 48;
    /** {@code struct cmsghdr}: size_t len, int level, int type, then the data (8-byte aligned). */
    private static final int CMSG_DATA = 16;
    private static final int CMSG_LEN_UINT16 = CMSG_DATA + 2;

    private final int fd;
    private final InetSocketAddress local;
    private final InetSocketAddress remote;
    private final Consumer<DatagramEndpoint> onClose;
    private final UdpSyscalls syscalls;
    /** Every call holds a reference; the last one out closes the socket. */
    private final DescriptorReferences descriptor;

    // Receiving thread only.
    private final int[] pollDescriptors;
    private final BufferAddresses receiveBuffers;
    private final ByteBuffer receiveName = NativeStructs.allocate(SocketAddresses.SOCKADDR_IN6_BYTES);
    private final ByteBuffer receiveIov = NativeStructs.allocate(16);
    private final ByteBuffer receiveControl = NativeStructs.allocate(CONTROL_BYTES);
    private final ByteBuffer receiveMessage = NativeStructs.allocate(MSGHDR_BYTES);
    private final long receiveMessageAddress;
    private final SocketAddresses.Reader senders = new SocketAddresses.Reader();

    // Senders, under sendLock.
    private final Object sendLock = new Object();
    private final ByteBuffer staging = ByteBuffer.allocateDirect(MAX_DATAGRAM);
    private final long stagingAddress;
    private final ByteBuffer sendName = NativeStructs.allocate(SocketAddresses.SOCKADDR_IN6_BYTES);
    private final long sendNameAddress;
    private final ByteBuffer sendIov = NativeStructs.allocate(16);
    private final ByteBuffer sendControl = NativeStructs.allocate(24);
    private final ByteBuffer sendMessage = NativeStructs.allocate(MSGHDR_BYTES);
    private final long sendMessageAddress;
    private InetSocketAddress sendNameFor;
    /** A server sends from its device and network batches. */
    private final BufferAddresses sendBuffers;
    private boolean gso = true;

    NativeUdpEndpoint(int fd, InetSocketAddress local, InetSocketAddress remote, Consumer<DatagramEndpoint> onClose,
            UdpSyscalls syscalls) {
        this.fd = fd;
        this.local = local;
        this.remote = remote;
        this.onClose = onClose;
        this.syscalls = syscalls;
        this.descriptor = new DescriptorReferences(() -> syscalls.close(fd));
        this.pollDescriptors = new int[] {fd};
        receiveBuffers = new BufferAddresses(syscalls::address);
        sendBuffers = new BufferAddresses(syscalls::address);
        receiveMessageAddress = syscalls.address(receiveMessage);
        stagingAddress = syscalls.address(staging);
        sendNameAddress = syscalls.address(sendName);
        sendMessageAddress = syscalls.address(sendMessage);
        receiveMessage.putLong(0, syscalls.address(receiveName));
        receiveMessage.putLong(MSG_IOV, syscalls.address(receiveIov));
        receiveMessage.putLong(MSG_IOVLEN, 1);
        receiveMessage.putLong(MSG_CONTROL, syscalls.address(receiveControl));
        sendControl.putLong(0, CMSG_LEN_UINT16);
        sendControl.putInt(8, SocketConstants.SOL_UDP);
        sendControl.putInt(12, SocketConstants.UDP_SEGMENT);
        sendMessage.putLong(MSG_IOV, syscalls.address(sendIov));
        sendMessage.putLong(MSG_IOVLEN, 1);
        sendMessage.putLong(MSG_CONTROL, syscalls.address(sendControl));
        sendMessage.putLong(MSG_CONTROLLEN, sendControl.capacity());
    }

    @Override
    public int batchSize() {
        return BATCH_SIZE;
    }

    /** @throws IllegalArgumentException if the batch has fewer than {@link #BATCH_SIZE} entries */
    @Override
    public int receive(PacketBatch batch) throws IOException {
        return receive(batch, true);
    }

    @Override
    public int readNow(PacketBatch batch) throws IOException {
        return receive(batch, false);
    }

    @Override
    public int[] acquireDescriptors() throws ClosedChannelException {
        descriptor.acquire();
        return pollDescriptors.clone();
    }

    @Override
    public void releaseDescriptors() {
        descriptor.release();
    }

    /**
     * Receives into the batch while it has room for a whole GRO receive, so nothing taken from the kernel is
     * left over; waits for the first if {@code wait}.
     */
    private int receive(PacketBatch batch, boolean wait) throws IOException {
        if (batch.capacity() < BATCH_SIZE) {
            throw new IllegalArgumentException("a UDP GRO socket needs batches of " + BATCH_SIZE + " entries, not "
                    + batch.capacity());
        }
        descriptor.acquire();
        try {
            long base = receiveBuffers.of(batch.buffer());
            int added = 0;
            while (!batch.isFull() && batch.capacity() - batch.size() >= MAX_GRO_SEGMENTS) {
                int received = receiveOnce(batch, base, wait && added == 0 ? 0 : SocketConstants.MSG_DONTWAIT);
                if (received == 0) {
                    break;
                }
                added += received;
            }
            return added;
        } finally {
            descriptor.release();
        }
    }

    /**
     * One {@code recvmsg} into the batch: a datagram, or several of one size coalesced by GRO, each added with
     * the sender's address.
     *
     * @return the datagrams added; 0 if {@code flags} have {@code MSG_DONTWAIT} and nothing was waiting
     */
    private int receiveOnce(PacketBatch batch, long base, int flags) throws IOException {
        int at = batch.end();
        receiveIov.putLong(0, base + at);
        receiveIov.putLong(8, Math.min(MAX_DATAGRAM, batch.room()));
        while (true) {
            descriptor.ensureOpen();
            receiveMessage.putInt(MSG_NAMELEN, SocketAddresses.SOCKADDR_IN6_BYTES);
            receiveMessage.putLong(MSG_CONTROLLEN, CONTROL_BYTES);
            receiveMessage.putInt(MSG_FLAGS, 0);
            long n = syscalls.recvmsg(fd, receiveMessageAddress, flags);
            descriptor.ensureOpen(); // a shutdown by close() ends a blocked recvmsg with 0 bytes
            if (n >= 0) {
                InetSocketAddress sender = remote != null ? remote : senders.read(receiveName);
                int length = (int) n;
                int gro = groSegmentSize();
                int segment = gro > 0 ? gro : Math.max(1, length);
                int added = 0;
                for (int offset = 0; (offset < length || added == 0) && batch.size() < batch.capacity();
                        offset += segment) {
                    batch.add(at + offset, Math.min(segment, length - offset), sender);
                    added++;
                }
                return added;
            }
            int errno = (int) -n;
            if (errno == SocketConstants.EAGAIN && (flags & SocketConstants.MSG_DONTWAIT) != 0) {
                return 0;
            }
            if (errno != SocketConstants.EINTR) {
                throw failure("receive", errno);
            }
        }
    }

    /** The segment size of the {@code UDP_GRO} control message of the last receive, or 0 if there is none. */
    private int groSegmentSize() {
        long length = Math.min(receiveMessage.getLong(MSG_CONTROLLEN), CONTROL_BYTES);
        int offset = 0;
        while (offset + CMSG_DATA + 4 <= length) {
            long cmsgLength = receiveControl.getLong(offset);
            if (cmsgLength < CMSG_DATA || cmsgLength > length - offset) {
                return 0;
            }
            if (receiveControl.getInt(offset + 8) == SocketConstants.SOL_UDP
                    && receiveControl.getInt(offset + 12) == SocketConstants.UDP_GRO) {
                return receiveControl.getInt(offset + CMSG_DATA);
            }
            offset += (int) ((cmsgLength + 7) & ~7L);
        }
        return 0;
    }

    @Override
    public void send(ByteBuffer src, InetSocketAddress target) throws IOException {
        synchronized (sendLock) {
            descriptor.acquire();
            try {
                long address = sourceAddress(src);
                int length = src.remaining();
                sendOne(address, length, target);
                src.position(src.limit());
            } finally {
                descriptor.release();
            }
        }
    }

    /** Runs of back-to-back datagrams of one size for one peer go out as one GSO send each. */
    @Override
    public void send(PacketBatch batch) throws IOException {
        synchronized (sendLock) {
            descriptor.acquire();
            try {
                long base = sendBuffers.of(batch.buffer());
                int size = batch.size();
                for (int first = 0; first < size; ) {
                    int end = runEnd(batch, first);
                    int total = batch.offset(end - 1) + batch.length(end - 1) - batch.offset(first);
                    sendRun(base + batch.offset(first), total, batch.length(first), batch.address(first));
                    first = end;
                }
            } finally {
                descriptor.release();
            }
        }
    }

    /** The end of the run from {@code first}: the entries that can leave with it in one GSO send. */
    private int runEnd(PacketBatch batch, int first) {
        int segmentSize = batch.length(first);
        InetSocketAddress target = batch.address(first);
        int end = first + 1;
        if (!gso || segmentSize == 0) {
            return end;
        }
        int next = batch.offset(first) + segmentSize;
        int bytes = segmentSize;
        while (end < batch.size() && end - first < MAX_GSO_SEGMENTS && batch.offset(end) == next
                && batch.length(end) > 0 && batch.length(end) <= segmentSize
                && bytes + batch.length(end) <= MAX_GSO_BYTES && target.equals(batch.address(end))) {
            int length = batch.length(end);
            bytes += length;
            next += length;
            end++;
            if (length < segmentSize) {
                break; // only the last datagram of a GSO send may be shorter
            }
        }
        return end;
    }

    /** {@code total} bytes as datagrams of {@code segmentSize} (the last may be shorter): one GSO send if it can. */
    private void sendRun(long address, int total, int segmentSize, InetSocketAddress target) throws IOException {
        if (total > segmentSize) {
            int refusal = sendSegmented(address, total, segmentSize, target);
            if (refusal == 0) {
                return;
            }
            sendOne(address, segmentSize, target); // throws if the target is what is wrong
            gsoRefused(refusal);
            address += segmentSize;
            total -= segmentSize;
        }
        for (int offset = 0; offset < total; offset += segmentSize) {
            sendOne(address + offset, Math.min(segmentSize, total - offset), target);
        }
    }

    /** One datagram; blocks while the socket's send buffer is full, as the JDK's blocking channel does. */
    private void sendOne(long address, int length, InetSocketAddress target) throws IOException {
        long name = remote != null ? 0 : nameOf(target);
        int nameLength = remote != null ? 0 : SocketAddresses.SOCKADDR_IN6_BYTES;
        while (true) {
            descriptor.ensureOpen();
            long sent = syscalls.sendto(fd, address, length, 0, name, nameLength);
            if (sent >= 0) {
                return;
            }
            int errno = (int) -sent;
            if (errno != SocketConstants.EINTR) {
                throw failure("send to " + (remote != null ? remote : target), errno);
            }
        }
    }

    /**
     * One GSO send of {@code length} bytes as datagrams of {@code segmentSize}.
     *
     * @return 0 once sent, or the errno with which the kernel refused to segment (nothing was sent then)
     */
    private int sendSegmented(long address, int length, int segmentSize, InetSocketAddress target)
            throws IOException {
        sendIov.putLong(0, address);
        sendIov.putLong(8, length);
        sendMessage.putLong(0, remote != null ? 0 : nameOf(target));
        sendMessage.putInt(MSG_NAMELEN, remote != null ? 0 : SocketAddresses.SOCKADDR_IN6_BYTES);
        sendControl.putShort(CMSG_DATA, (short) segmentSize);
        while (true) {
            descriptor.ensureOpen();
            long sent = syscalls.sendmsg(fd, sendMessageAddress, 0);
            if (sent >= 0) {
                return 0;
            }
            int errno = (int) -sent;
            switch (errno) {
                case SocketConstants.EINTR:
                    continue;
                case SocketConstants.EIO, SocketConstants.EINVAL, SocketConstants.ENOPROTOOPT, SocketConstants.EOPNOTSUPP,
                        SocketConstants.EMSGSIZE:
                    return errno;
                default:
                    throw failure("send to " + (remote != null ? remote : target), errno);
            }
        }
    }

    /** A segmented send was refused although a plain datagram to the same target went out: GSO is off for good. */
    private void gsoRefused(int errno) {
        gso = false;
        LOG.log(System.Logger.Level.INFO, "UDP socket {0}: the kernel refuses segmented sends ({1});"
                + " sending one datagram per call from now on", local, syscalls.strerror(errno));
    }

    /** A direct source's own address, else a copy in {@link #staging}; under sendLock. */
    private long sourceAddress(ByteBuffer src) throws IOException {
        if (!src.isDirect()) {
            if (src.remaining() > MAX_DATAGRAM) {
                throw new IOException("a datagram of " + src.remaining() + " bytes is longer than UDP allows");
            }
            staging.put(0, src, src.position(), src.remaining());
            return stagingAddress;
        }
        return sendBuffers.of(src) + src.position();
    }

    /** The {@code sockaddr_in6} of {@code target}, rebuilt only when the target changes; under sendLock. */
    private long nameOf(InetSocketAddress target) throws IOException {
        if (target != sendNameFor) {
            if (target == null || target.isUnresolved()) {
                throw new IOException("no resolved address to send to: " + target);
            }
            SocketAddresses.write(target, sendName);
            sendNameFor = target;
        }
        return sendNameAddress;
    }

    @Override
    public InetSocketAddress localAddress() {
        return local;
    }

    @Override
    public void close() {
        // shutdown wakes a receiver blocked in recvmsg, which then finds the endpoint closed
        if (descriptor.close(() -> syscalls.shutdown(fd, SocketConstants.SHUT_RDWR))) {
            onClose.accept(this);
        }
    }

    private IOException failure(String operation, int errno) throws ClosedChannelException {
        descriptor.ensureOpen();
        String message = operation + " failed: " + syscalls.strerror(errno);
        return errno == SocketConstants.ECONNREFUSED ? new PortUnreachableException(message) : new IOException(message);
    }

    @Override
    public String toString() {
        return "NativeUdpEndpoint[" + local + (remote != null ? " -> " + remote : "") + "]";
    }
}
