package org.gost4j.transport.udp.internal;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.PortUnreachableException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.util.function.Consumer;

import org.gost4j.support.io.NativeStructs;
import org.gost4j.api.transport.DatagramEndpoint;
import org.gost4j.support.io.DescriptorReferences;

/**
 * One Linux UDP socket driven through libc: a dual-stack IPv6 socket in blocking mode, so a receive is one
 * {@code recvmsg} with no wake-up dance, with UDP GRO on, so a burst the peer sent with GSO (or the kernel
 * coalesced) arrives in one call and is handed out one datagram per {@link #receive}; segmented sends go out as
 * UDP GSO sends ({@code UDP_SEGMENT}). The wire carries ordinary datagrams either way.
 *
 * <p>One thread receives; any threads send, one at a time. The descriptor is reference counted like the TUN
 * device's: {@link #close()} shuts the socket down (which wakes a blocked receiver) and the last call out closes
 * it, so its number is never reused under a running call. Nothing is allocated per datagram except a sender
 * address object when the sender changes, as the JDK does. The C structures the calls take are
 * {@link NativeStructs}.
 */
final class NativeUdpEndpoint implements DatagramEndpoint {

    private static final System.Logger LOG = System.getLogger(NativeUdpEndpoint.class.getName());

    /** The largest UDP payload, and what one GRO receive can hold. */
    static final int MAX_DATAGRAM = 65535;
    /** Kept under the IPv4 limit of one UDP datagram (65507) for every GSO send, with room to spare. */
    static final int MAX_GSO_BYTES = 65000;
    /** The kernel's {@code UDP_MAX_SEGMENTS} is at least this on every version with UDP GSO. */
    static final int MAX_GSO_SEGMENTS = 64;

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
    private final ByteBuffer batch = ByteBuffer.allocateDirect(MAX_DATAGRAM);
    private final ByteBuffer receiveName = NativeStructs.allocate(SocketAddresses.SOCKADDR_IN6_BYTES);
    private final ByteBuffer receiveIov = NativeStructs.allocate(16);
    private final ByteBuffer receiveControl = NativeStructs.allocate(CONTROL_BYTES);
    private final ByteBuffer receiveMessage = NativeStructs.allocate(MSGHDR_BYTES);
    private final long receiveMessageAddress = NativeStructs.address(receiveMessage);
    private final SocketAddresses.Reader senders = new SocketAddresses.Reader();
    private InetSocketAddress sender;
    private int batchLength;
    private int segmentSize;
    private int nextDatagram;

    // Senders, under sendLock.
    private final Object sendLock = new Object();
    private final ByteBuffer staging = ByteBuffer.allocateDirect(MAX_DATAGRAM);
    private final long stagingAddress = NativeStructs.address(staging);
    private final ByteBuffer sendName = NativeStructs.allocate(SocketAddresses.SOCKADDR_IN6_BYTES);
    private final long sendNameAddress = NativeStructs.address(sendName);
    private final ByteBuffer sendIov = NativeStructs.allocate(16);
    private final ByteBuffer sendControl = NativeStructs.allocate(24);
    private final ByteBuffer sendMessage = NativeStructs.allocate(MSGHDR_BYTES);
    private final long sendMessageAddress = NativeStructs.address(sendMessage);
    private InetSocketAddress sendNameFor;
    /** The native addresses of the last two direct sources: a server sends from its device and network buffers. */
    private ByteBuffer lastSource;
    private long lastSourceAddress;
    private ByteBuffer previousSource;
    private long previousSourceAddress;
    private boolean gso = true;

    NativeUdpEndpoint(int fd, InetSocketAddress local, InetSocketAddress remote, Consumer<DatagramEndpoint> onClose,
            UdpSyscalls syscalls) {
        this.fd = fd;
        this.local = local;
        this.remote = remote;
        this.onClose = onClose;
        this.syscalls = syscalls;
        this.descriptor = new DescriptorReferences(() -> LinuxSockets.close(fd));
        receiveIov.putLong(0, NativeStructs.address(batch));
        receiveIov.putLong(8, MAX_DATAGRAM);
        receiveMessage.putLong(0, NativeStructs.address(receiveName));
        receiveMessage.putLong(MSG_IOV, NativeStructs.address(receiveIov));
        receiveMessage.putLong(MSG_IOVLEN, 1);
        receiveMessage.putLong(MSG_CONTROL, NativeStructs.address(receiveControl));
        sendControl.putLong(0, CMSG_LEN_UINT16);
        sendControl.putInt(8, LinuxSockets.SOL_UDP);
        sendControl.putInt(12, LinuxSockets.UDP_SEGMENT);
        sendMessage.putLong(MSG_IOV, NativeStructs.address(sendIov));
        sendMessage.putLong(MSG_IOVLEN, 1);
        sendMessage.putLong(MSG_CONTROL, NativeStructs.address(sendControl));
        sendMessage.putLong(MSG_CONTROLLEN, sendControl.capacity());
    }

    @Override
    public InetSocketAddress receive(ByteBuffer dst) throws IOException {
        return receive(dst, 0);
    }

    @Override
    public InetSocketAddress receiveNow(ByteBuffer dst) throws IOException {
        return receive(dst, LinuxSockets.MSG_DONTWAIT);
    }

    @Override
    public int readinessDescriptor() {
        return fd;
    }

    /** A datagram of the current batch, else of a new one; null if {@code flags} say not to wait and none waits. */
    private InetSocketAddress receive(ByteBuffer dst, int flags) throws IOException {
        descriptor.acquire();
        try {
            if (nextDatagram >= batchLength) {
                if (!receiveBatch(flags)) {
                    return null;
                }
                if (batchLength == 0) {
                    return sender; // an empty datagram
                }
            }
            int length = Math.min(segmentSize, batchLength - nextDatagram);
            int stored = Math.min(length, dst.remaining()); // truncated like the JDK does
            dst.put(dst.position(), batch, nextDatagram, stored);
            dst.position(dst.position() + stored);
            nextDatagram += length;
            return sender;
        } finally {
            descriptor.release();
        }
    }

    @Override
    public boolean hasBuffered() {
        return nextDatagram < batchLength;
    }

    /**
     * One {@code recvmsg}: a datagram, or several of {@link #segmentSize} coalesced by GRO.
     *
     * @return false if {@code flags} have {@code MSG_DONTWAIT} and nothing was waiting
     */
    private boolean receiveBatch(int flags) throws IOException {
        while (true) {
            descriptor.ensureOpen();
            receiveMessage.putInt(MSG_NAMELEN, SocketAddresses.SOCKADDR_IN6_BYTES);
            receiveMessage.putLong(MSG_CONTROLLEN, CONTROL_BYTES);
            receiveMessage.putInt(MSG_FLAGS, 0);
            long n = syscalls.recvmsg(fd, receiveMessageAddress, flags);
            descriptor.ensureOpen(); // a shutdown by close() ends a blocked recvmsg with 0 bytes
            if (n >= 0) {
                batchLength = (int) n;
                nextDatagram = 0;
                int gro = groSegmentSize();
                segmentSize = gro > 0 ? gro : Math.max(1, batchLength);
                sender = remote != null ? remote : senders.read(receiveName);
                return true;
            }
            int errno = (int) -n;
            if (errno == LinuxSockets.EAGAIN && (flags & LinuxSockets.MSG_DONTWAIT) != 0) {
                return false;
            }
            if (errno != LinuxSockets.EINTR) {
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
            if (receiveControl.getInt(offset + 8) == LinuxSockets.SOL_UDP
                    && receiveControl.getInt(offset + 12) == LinuxSockets.UDP_GRO) {
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

    @Override
    public void send(ByteBuffer src, int segmentSize, InetSocketAddress target) throws IOException {
        if (src.remaining() <= segmentSize || segmentSize <= 0) {
            send(src, target);
            return;
        }
        synchronized (sendLock) {
            descriptor.acquire();
            try {
                long address = sourceAddress(src);
                int perSend = Math.min(MAX_GSO_SEGMENTS, Math.max(1, MAX_GSO_BYTES / segmentSize)) * segmentSize;
                int offset = 0;
                int total = src.remaining();
                while (offset < total) {
                    int chunk = Math.min(perSend, total - offset);
                    if (gso && chunk > segmentSize) {
                        int refusal = sendSegmented(address + offset, chunk, segmentSize, target);
                        if (refusal == 0) {
                            offset += chunk;
                            continue;
                        }
                        sendOne(address + offset, segmentSize, target); // throws if the target is what is wrong
                        offset += segmentSize;
                        gsoRefused(refusal);
                        continue;
                    }
                    int single = Math.min(segmentSize, total - offset);
                    sendOne(address + offset, single, target);
                    offset += single;
                }
                src.position(src.limit());
            } finally {
                descriptor.release();
            }
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
            if (errno != LinuxSockets.EINTR) {
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
                case LinuxSockets.EINTR:
                    continue;
                case LinuxSockets.EIO, LinuxSockets.EINVAL, LinuxSockets.ENOPROTOOPT, LinuxSockets.EOPNOTSUPP,
                        LinuxSockets.EMSGSIZE:
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
                + " sending one datagram per call from now on", local, LinuxSockets.strerror(errno));
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
        if (src != lastSource) {
            ByteBuffer swappedSource = lastSource;
            long swappedAddress = lastSourceAddress;
            lastSource = src;
            lastSourceAddress = src == previousSource ? previousSourceAddress : NativeStructs.address(src);
            previousSource = swappedSource;
            previousSourceAddress = swappedAddress;
        }
        return lastSourceAddress + src.position();
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
        if (descriptor.close(() -> LinuxSockets.shutdown(fd, LinuxSockets.SHUT_RDWR))) {
            onClose.accept(this);
        }
    }

    private IOException failure(String operation, int errno) throws ClosedChannelException {
        descriptor.ensureOpen();
        String message = operation + " failed: " + LinuxSockets.strerror(errno);
        return errno == LinuxSockets.ECONNREFUSED ? new PortUnreachableException(message) : new IOException(message);
    }

    @Override
    public String toString() {
        return "NativeUdpEndpoint[" + local + (remote != null ? " -> " + remote : "") + "]";
    }
}
