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
 * {@code recvmmsg} with no wake-up dance, with UDP GRO on, so a burst the peer sent with GSO (or the kernel
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

    /**
     * What the first receive of a call asks for: two, so that when only one comes (a quiet tunnel's packet), nothing
     * else was waiting and no second call has to find that out. Later receives take one each, so that their
     * datagrams lie back to back in the batch.
     */
    static final int FIRST_RECEIVES = 2;

    private static final int CONTROL_BYTES = 64;
    /** {@code struct msghdr} on LP64: name, namelen, iov, iovlen, control, controllen, flags. */
    private static final int MSGHDR_BYTES = 56;
    /** {@code struct mmsghdr}: a msghdr, then the length received, padded to 8 bytes. */
    private static final int MMSGHDR_BYTES = 64;
    private static final int MMSG_LEN = MSGHDR_BYTES;
    private static final int IOVEC_BYTES = 16;
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
    private final ByteBuffer[] receiveNames = new ByteBuffer[FIRST_RECEIVES];
    private final ByteBuffer[] receiveControls = new ByteBuffer[FIRST_RECEIVES];
    private final ByteBuffer receiveIovs = NativeStructs.allocate(FIRST_RECEIVES * IOVEC_BYTES);
    private final ByteBuffer receiveMessages = NativeStructs.allocate(FIRST_RECEIVES * MMSGHDR_BYTES);
    private final long receiveMessagesAddress;
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
        receiveMessagesAddress = syscalls.address(receiveMessages);
        stagingAddress = syscalls.address(staging);
        sendNameAddress = syscalls.address(sendName);
        sendMessageAddress = syscalls.address(sendMessage);
        long iovs = syscalls.address(receiveIovs);
        for (int i = 0; i < FIRST_RECEIVES; i++) {
            receiveNames[i] = NativeStructs.allocate(SocketAddresses.SOCKADDR_IN6_BYTES);
            receiveControls[i] = NativeStructs.allocate(CONTROL_BYTES);
            int message = i * MMSGHDR_BYTES;
            receiveMessages.putLong(message, syscalls.address(receiveNames[i]));
            receiveMessages.putLong(message + MSG_IOV, iovs + (long) i * IOVEC_BYTES);
            receiveMessages.putLong(message + MSG_IOVLEN, 1);
            receiveMessages.putLong(message + MSG_CONTROL, syscalls.address(receiveControls[i]));
        }
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
     * Receives into the batch while it has room for whole GRO receives, so nothing taken from the kernel is cut
     * short or left over; waits for the first if {@code wait}. See {@link #FIRST_RECEIVES}.
     */
    private int receive(PacketBatch batch, boolean wait) throws IOException {
        if (batch.capacity() < BATCH_SIZE) {
            throw new IllegalArgumentException("a UDP GRO socket needs batches of " + BATCH_SIZE + " entries, not "
                    + batch.capacity());
        }
        descriptor.acquire();
        try {
            long base = receiveBuffers.of(batch.buffer());
            int before = batch.size();
            int asked = Math.min(FIRST_RECEIVES, receivesThatFit(batch));
            int flags = wait ? SocketConstants.MSG_WAITFORONE : SocketConstants.MSG_DONTWAIT;
            while (asked > 0 && receiveMessages(batch, base, asked, flags) == asked) {
                asked = Math.min(1, receivesThatFit(batch));
                flags = SocketConstants.MSG_DONTWAIT;
            }
            return batch.size() - before;
        } finally {
            descriptor.release();
        }
    }

    /** How many whole GRO receives the batch has room for, in entries and in bytes. */
    private static int receivesThatFit(PacketBatch batch) {
        return Math.min((batch.capacity() - batch.size()) / MAX_GRO_SEGMENTS, batch.room() / MAX_DATAGRAM);
    }

    /**
     * One {@code recvmmsg} of up to {@code count} receives into the batch, each a datagram or several of one size
     * coalesced by GRO, added with the sender's address.
     *
     * @return the receives made; 0 if {@code flags} have {@code MSG_DONTWAIT} and nothing was waiting
     */
    private int receiveMessages(PacketBatch batch, long base, int count, int flags) throws IOException {
        int at = batch.end();
        for (int i = 0; i < count; i++) {
            receiveIovs.putLong(i * IOVEC_BYTES, base + at + (long) i * MAX_DATAGRAM);
            receiveIovs.putLong(i * IOVEC_BYTES + 8, MAX_DATAGRAM);
        }
        while (true) {
            for (int i = 0; i < count; i++) {
                int message = i * MMSGHDR_BYTES;
                receiveMessages.putInt(message + MSG_NAMELEN, SocketAddresses.SOCKADDR_IN6_BYTES);
                receiveMessages.putLong(message + MSG_CONTROLLEN, CONTROL_BYTES);
                receiveMessages.putInt(message + MSG_FLAGS, 0);
            }
            descriptor.ensureOpen();
            int received = syscalls.recvmmsg(fd, receiveMessagesAddress, count, flags);
            descriptor.ensureOpen(); // a shutdown by close() ends a blocked receive with 0 bytes
            if (received >= 0) {
                for (int i = 0; i < received; i++) {
                    addDatagrams(batch, at + i * MAX_DATAGRAM, i);
                }
                return received;
            }
            int errno = -received;
            if (errno == SocketConstants.EAGAIN && (flags & SocketConstants.MSG_DONTWAIT) != 0) {
                return 0;
            }
            if (errno != SocketConstants.EINTR) {
                throw failure("receive", errno);
            }
        }
    }

    /** Adds what receive {@code i} of the last call stored at {@code at}: its datagram, or each GRO coalesced. */
    private void addDatagrams(PacketBatch batch, int at, int i) {
        InetSocketAddress sender = remote != null ? remote : senders.read(receiveNames[i]);
        int length = receiveMessages.getInt(i * MMSGHDR_BYTES + MMSG_LEN);
        int gro = groSegmentSize(i);
        int segment = gro > 0 ? gro : Math.max(1, length);
        int added = 0;
        for (int offset = 0; (offset < length || added == 0) && batch.size() < batch.capacity(); offset += segment) {
            batch.add(at + offset, Math.min(segment, length - offset), sender);
            added++;
        }
    }

    /** The segment size of the {@code UDP_GRO} control message of receive {@code i}, or 0 if there is none. */
    private int groSegmentSize(int i) {
        ByteBuffer control = receiveControls[i];
        long length = Math.min(receiveMessages.getLong(i * MMSGHDR_BYTES + MSG_CONTROLLEN), CONTROL_BYTES);
        int offset = 0;
        while (offset + CMSG_DATA + 4 <= length) {
            long cmsgLength = control.getLong(offset);
            if (cmsgLength < CMSG_DATA || cmsgLength > length - offset) {
                return 0;
            }
            if (control.getInt(offset + 8) == SocketConstants.SOL_UDP
                    && control.getInt(offset + 12) == SocketConstants.UDP_GRO) {
                return control.getInt(offset + CMSG_DATA);
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
        // shutdown wakes a receiver blocked in recvmmsg, which then finds the endpoint closed
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
