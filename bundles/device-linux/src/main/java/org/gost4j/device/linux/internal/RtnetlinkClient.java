package org.gost4j.device.linux.internal;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

import com.sun.jna.LastErrorException;
import com.sun.jna.Memory;
import com.sun.jna.Native;

/**
 * A NETLINK_ROUTE socket that sends one request at a time and waits for its acknowledgement. The socket
 * belongs to the network namespace of the thread that opens it. Not thread-safe; used only while opening a
 * device.
 */
final class RtnetlinkClient implements Closeable {

    private static final int BUFFER_SIZE = 16 * 1024;
    /** The kernel answers at once; this only guards against waiting forever on a broken socket. */
    private static final int ACK_TIMEOUT_MILLIS = 5_000;

    private final int fd;
    private final Memory buffer = new Memory(BUFFER_SIZE);
    private final Memory pollFd = new Memory(8);
    private int seq;

    private RtnetlinkClient(int fd) {
        this.fd = fd;
    }

    static RtnetlinkClient open() throws IOException {
        int fd;
        try {
            fd = LibC.socket(LibC.AF_NETLINK, LibC.SOCK_RAW | LibC.SOCK_CLOEXEC, LibC.NETLINK_ROUTE);
        } catch (LastErrorException e) {
            throw Errno.exception("open rtnetlink socket", e.getErrorCode());
        }
        RtnetlinkClient client = new RtnetlinkClient(fd);
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
        buffer.write(0, request.array(), request.arrayOffset() + request.position(), length);
        try {
            LibC.send(fd, buffer, length, 0);
        } catch (LastErrorException e) {
            throw Errno.exception(operation + ": send", e.getErrorCode());
        }
        RtnetlinkMessages.Ack ack = awaitAck(operation, seqSent);
        if (ack.errno() != 0) {
            String kernel = ack.kernelMessage() == null ? "" : " (kernel: " + ack.kernelMessage() + ")";
            throw new IOException(operation + ": " + Errno.text(ack.errno()) + kernel);
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
        pollFd.setInt(0, fd);
        pollFd.setShort(4, LibC.POLLIN);
        pollFd.setShort(6, (short) 0);
        int ready = LibC.poll(pollFd, 1, ACK_TIMEOUT_MILLIS);
        if (ready < 0) {
            throw Errno.exception(operation + ": poll", Native.getLastError());
        }
        if (ready == 0) {
            throw new IOException(operation + ": no answer from the kernel within " + ACK_TIMEOUT_MILLIS + " ms");
        }
        long n;
        try {
            n = LibC.recv(fd, buffer, BUFFER_SIZE, 0);
        } catch (LastErrorException e) {
            throw Errno.exception(operation + ": receive", e.getErrorCode());
        }
        return buffer.getByteBuffer(0, n).order(ByteOrder.nativeOrder());
    }

    /** Asks the kernel to explain refusals in text; older kernels lack this, which is harmless. */
    private void enableExtendedAck() {
        Memory one = new Memory(4);
        one.setInt(0, 1);
        try {
            LibC.setsockopt(fd, LibC.SOL_NETLINK, LibC.NETLINK_EXT_ACK, one, 4);
        } catch (LastErrorException e) {
            // fine: errors then carry only the errno
        }
    }

    @Override
    public void close() {
        try {
            LibC.close(fd);
        } catch (LastErrorException e) {
            // nothing useful to do: the descriptor is gone either way
        }
    }
}
