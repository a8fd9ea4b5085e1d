package org.gost4j.device.darwin.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HexFormat;
import java.util.List;

import com.sun.jna.Pointer;

/**
 * Stands in for macOS, which cannot run here: records every call with its arguments (structures in hex) and
 * plays a utun socket whose datagrams are scripted by the test. Native addresses the driver passes (iovecs,
 * pollfds, buffers) are real memory, read and written here through JNA.
 */
final class FakeDarwinNative implements DarwinNative {

    static final int SOCKET_FD = 7;
    static final int[] PIPE = {8, 9};
    static final int CTL_ID = 0x4d2;

    final List<String> calls = new ArrayList<>();
    /** Datagrams the utun socket delivers, header included; an empty queue means EAGAIN. */
    final Deque<byte[]> incoming = new ArrayDeque<>();
    /** Datagrams written to the utun socket, header included. */
    final List<byte[]> written = new ArrayList<>();
    String interfaceName = "utun3";
    int failCallWithErrno;
    String failCall = "";
    private int lastError;

    @Override
    public int socket(int domain, int type, int protocol) throws ErrnoException {
        record("socket(" + domain + ", " + type + ", " + protocol + ")");
        return SOCKET_FD;
    }

    @Override
    public void ioctl(int fd, long request, byte[] argument) throws ErrnoException {
        record("ioctl(" + fd + ", 0x" + Long.toHexString(request) + ", " + HexFormat.of().formatHex(argument) + ")");
        argument[0] = (byte) CTL_ID;
        argument[1] = (byte) (CTL_ID >>> 8);
    }

    @Override
    public void connect(int fd, byte[] address) throws ErrnoException {
        record("connect(" + fd + ", " + HexFormat.of().formatHex(address) + ")");
    }

    @Override
    public int getsockopt(int fd, int level, int option, byte[] value) throws ErrnoException {
        record("getsockopt(" + fd + ", " + level + ", " + option + ", " + value.length + ")");
        byte[] name = (interfaceName + "\0").getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(name, 0, value, 0, name.length);
        return name.length;
    }

    @Override
    public void setNonBlockingCloseOnExec(int fd) throws ErrnoException {
        record("nonblock(" + fd + ")");
    }

    @Override
    public int[] pipe() throws ErrnoException {
        record("pipe()");
        return PIPE.clone();
    }

    @Override
    public void close(int fd) throws ErrnoException {
        calls.add("close(" + fd + ")");
    }

    @Override
    public long readv(int fd, long iov, int iovcnt) {
        calls.add("readv(" + fd + ", " + iovcnt + ")");
        if (incoming.isEmpty()) {
            lastError = DarwinTunDevice.EAGAIN;
            return -1;
        }
        byte[] datagram = incoming.poll();
        return scatter(iov, iovcnt, datagram);
    }

    @Override
    public long writev(int fd, long iov, int iovcnt) {
        calls.add("writev(" + fd + ", " + iovcnt + ")");
        written.add(gather(iov, iovcnt));
        return written.get(written.size() - 1).length;
    }

    @Override
    public long write(int fd, long buffer, long count) {
        calls.add("write(" + fd + ", " + new Pointer(buffer).getByte(0) + ", " + count + ")");
        return count;
    }

    @Override
    public int poll(long fds, int nfds, int timeoutMillis) {
        Pointer p = new Pointer(fds);
        StringBuilder s = new StringBuilder("poll(");
        for (int i = 0; i < nfds; i++) {
            s.append("{").append(p.getInt(i * 8L)).append(", ").append(p.getShort(i * 8L + 4)).append("} ");
        }
        calls.add(s.append(nfds).append(", ").append(timeoutMillis).append(")").toString());
        incoming.add(new byte[] {0, 0, 0, 2, 0x45, 0, 0, 20});
        return 1;
    }

    @Override
    public int lastError() {
        return lastError;
    }

    @Override
    public String strerror(int errno) {
        return "error " + errno;
    }

    @Override
    public void run(List<String> command) throws IOException {
        record(String.join(" ", command));
    }

    private void record(String call) throws ErrnoException {
        calls.add(call);
        if (!failCall.isEmpty() && call.startsWith(failCall)) {
            throw new ErrnoException(failCall, failCallWithErrno, "error " + failCallWithErrno);
        }
    }

    /** Checks each iovec and copies the datagram across them, as readv does. */
    private static long scatter(long iov, int iovcnt, byte[] datagram) {
        Pointer vec = new Pointer(iov);
        int offset = 0;
        for (int i = 0; i < iovcnt && offset < datagram.length; i++) {
            Pointer base = vec.getPointer(i * 16L);
            long length = vec.getLong(i * 16L + 8);
            int n = (int) Math.min(length, datagram.length - offset);
            base.write(0, datagram, offset, n);
            offset += n;
        }
        return offset;
    }

    private static byte[] gather(long iov, int iovcnt) {
        Pointer vec = new Pointer(iov);
        List<byte[]> parts = new ArrayList<>();
        int total = 0;
        for (int i = 0; i < iovcnt; i++) {
            byte[] part = vec.getPointer(i * 16L).getByteArray(0, (int) vec.getLong(i * 16L + 8));
            parts.add(part);
            total += part.length;
        }
        byte[] all = new byte[total];
        int offset = 0;
        for (byte[] part : parts) {
            System.arraycopy(part, 0, all, offset, part.length);
            offset += part.length;
        }
        return all;
    }
}
