package org.gost4j.device.linux.internal;

import java.io.Closeable;
import java.io.IOException;
import java.lang.ref.Reference;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

import org.gost4j.support.jna.NativeStructs;

/**
 * A NETLINK_ROUTE socket that sends one request at a time and waits for its acknowledgement. The socket
 * belongs to the network namespace of the thread that opens it. Not thread-safe; used only while opening a
 * device.
 */
final class RtnetlinkClient implements Closeable {

    private static final int BUFFER_SIZE = 16 * 1024;
    /** The kernel answers at once; this only guards against waiting forever on a broken socket. */
    private static final int ACK_TIMEOUT_MILLIS = 5_000;

    private final TunSyscalls syscalls;
    private final int fd;
    /** Requests and replies, handed to the kernel by address. */
    private final ByteBuffer buffer = NativeStructs.allocate(BUFFER_SIZE);
    private final long bufferAddress;
    private final ByteBuffer pollFd = NativeStructs.allocate(8);
    private final long pollFdAddress;
    private int seq;

    private RtnetlinkClient(TunSyscalls syscalls, int fd) {
        this.syscalls = syscalls;
        this.fd = fd;
        this.bufferAddress = syscalls.address(buffer);
        this.pollFdAddress = syscalls.address(pollFd);
    }

    static RtnetlinkClient open(TunSyscalls syscalls) throws IOException {
        long fd = syscalls.socket(LibC.AF_NETLINK, LibC.SOCK_RAW | LibC.SOCK_CLOEXEC, LibC.NETLINK_ROUTE);
        if (fd < 0) {
            throw Errno.exception(syscalls, "open rtnetlink socket", (int) -fd);
        }
        RtnetlinkClient client = new RtnetlinkClient(syscalls, (int) fd);
        client.enableExtendedAck();
        return client;
    }

    /** Next sequence number for a request built with {@link RtnetlinkMessages}. */
    int nextSeq() {
        return ++seq;
    }

    /**
     * Sends {@code request} (which must ask for NLM_F_ACK) and waits for the kernel's answer.
     *
     * @param operation names the request in the exception, e.g. "add address 10.0.0.1/24 to tun0"
     * @throws IOException if the kernel refused the request, with its errno text and explanation if any
     */
    void execute(String operation, ByteBuffer request) throws IOException {
        int length = request.remaining();
        int seqSent = request.getInt(request.position() + 8); // nlmsg_seq
        buffer.put(0, request, request.position(), length);
        long sent = syscalls.send(fd, bufferAddress, length, 0);
        if (sent < 0) {
            throw Errno.exception(syscalls, operation + ": send", (int) -sent);
        }
        RtnetlinkMessages.Ack ack = awaitAck(operation, seqSent);
        if (ack.errno() != 0) {
            String kernel = ack.kernelMessage() == null ? "" : " (kernel: " + ack.kernelMessage() + ")";
            throw new IOException(operation + ": " + Errno.text(syscalls, ack.errno()) + kernel);
        }
    }

    private RtnetlinkMessages.Ack awaitAck(String operation, int seqSent) throws IOException {
        while (true) {
            ByteBuffer reply = receive(operation);
            while (reply.remaining() >= RtnetlinkMessages.NLMSG_HDRLEN) {
                int start = reply.position();
                int len = reply.getInt(start);
                if (len < RtnetlinkMessages.NLMSG_HDRLEN || start + len > reply.limit()) {
                    throw new IOException(operation + ": malformed netlink reply");
                }
                short type = reply.getShort(start + 4);
                int seqReceived = reply.getInt(start + 8);
                if (type == RtnetlinkMessages.NLMSG_ERROR && seqReceived == seqSent) {
                    return RtnetlinkMessages.decodeAck(reply.duplicate().position(start).limit(start + len));
                }
                reply.position(Math.min(reply.limit(), start + RtnetlinkMessages.align(len)));
            }
        }
    }

    private ByteBuffer receive(String operation) throws IOException {
        pollFd.putInt(0, fd).putShort(4, LibC.POLLIN).putShort(6, (short) 0);
        long ready = syscalls.poll(pollFdAddress, 1, ACK_TIMEOUT_MILLIS);
        if (ready < 0) {
            throw Errno.exception(syscalls, operation + ": poll", (int) -ready);
        }
        if (ready == 0) {
            throw new IOException(operation + ": no answer from the kernel within " + ACK_TIMEOUT_MILLIS + " ms");
        }
        long n = syscalls.recv(fd, bufferAddress, BUFFER_SIZE, 0);
        if (n < 0) {
            throw Errno.exception(syscalls, operation + ": receive", (int) -n);
        }
        return buffer.slice(0, (int) n).order(ByteOrder.nativeOrder());
    }

    /** Asks the kernel to explain refusals in text; older kernels lack this, which is harmless. */
    private void enableExtendedAck() {
        ByteBuffer one = NativeStructs.allocate(4).putInt(0, 1);
        // a failure is fine: errors then carry only the errno
        syscalls.setsockopt(fd, LibC.SOL_NETLINK, LibC.NETLINK_EXT_ACK, syscalls.address(one), 4);
        Reference.reachabilityFence(one); // only its address went to the kernel
    }

    @Override
    public void close() {
        syscalls.close(fd); // a failure leaves nothing to do: the descriptor is gone either way
    }
}
