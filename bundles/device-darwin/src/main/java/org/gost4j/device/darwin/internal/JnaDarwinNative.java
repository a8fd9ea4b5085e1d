package org.gost4j.device.darwin.internal;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.concurrent.TimeUnit;

import com.sun.jna.LastErrorException;
import com.sun.jna.Library;
import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.NativeLong;

/**
 * The real {@link DarwinNative}: libSystem through JNA. {@code ioctl} and {@code fcntl} are variadic, and on
 * arm64 macOS variadic arguments travel on the stack, so they go through an interface mapping declared with
 * varargs (JNA then prepares a variadic call); the packet-path calls use direct mapping. Only ever loaded on
 * macOS: the bundle does not resolve elsewhere.
 */
final class JnaDarwinNative implements DarwinNative {

    private static final int F_GETFL = 3;
    private static final int F_SETFL = 4;
    private static final int F_SETFD = 2;
    private static final int O_NONBLOCK = 0x4;
    private static final int FD_CLOEXEC = 1;
    private static final long COMMAND_TIMEOUT_SECONDS = 30;

    /** Setup calls; each throws with errno on failure. */
    interface LibSystem extends Library {
        int socket(int domain, int type, int protocol) throws LastErrorException;

        int ioctl(int fd, NativeLong request, Object... argument) throws LastErrorException;

        int fcntl(int fd, int command, Object... argument) throws LastErrorException;

        int connect(int fd, byte[] address, int length) throws LastErrorException;

        int getsockopt(int fd, int level, int option, byte[] value, int[] length) throws LastErrorException;

        int pipe(int[] fds) throws LastErrorException;

        int close(int fd) throws LastErrorException;

        String strerror(int errnum);
    }

    /** Packet-path calls: direct mapping, no exception, errno in {@link Native#getLastError()}. */
    static final class Direct {
        static {
            Native.register(Direct.class, "c");
        }

        private Direct() {
        }

        static native long readv(int fd, long iov, int iovcnt);

        static native long writev(int fd, long iov, int iovcnt);

        static native long write(int fd, long buffer, long count);

        static native int poll(long fds, int nfds, int timeout);
    }

    private final LibSystem lib = Native.load("c", LibSystem.class);

    @Override
    public int socket(int domain, int type, int protocol) throws ErrnoException {
        try {
            return lib.socket(domain, type, protocol);
        } catch (LastErrorException e) {
            throw errno("socket", e);
        }
    }

    @Override
    public void ioctl(int fd, long request, byte[] argument) throws ErrnoException {
        Memory memory = new Memory(argument.length);
        memory.write(0, argument, 0, argument.length);
        try {
            lib.ioctl(fd, new NativeLong(request), memory);
        } catch (LastErrorException e) {
            throw errno("ioctl 0x" + Long.toHexString(request), e);
        }
        memory.read(0, argument, 0, argument.length);
    }

    @Override
    public void connect(int fd, byte[] address) throws ErrnoException {
        try {
            lib.connect(fd, address, address.length);
        } catch (LastErrorException e) {
            throw errno("connect", e);
        }
    }

    @Override
    public int getsockopt(int fd, int level, int option, byte[] value) throws ErrnoException {
        int[] length = {value.length};
        try {
            lib.getsockopt(fd, level, option, value, length);
        } catch (LastErrorException e) {
            throw errno("getsockopt", e);
        }
        return length[0];
    }

    @Override
    public void setNonBlockingCloseOnExec(int fd) throws ErrnoException {
        try {
            int flags = lib.fcntl(fd, F_GETFL);
            lib.fcntl(fd, F_SETFL, flags | O_NONBLOCK);
            lib.fcntl(fd, F_SETFD, FD_CLOEXEC);
        } catch (LastErrorException e) {
            throw errno("fcntl", e);
        }
    }

    @Override
    public int[] pipe() throws ErrnoException {
        int[] fds = new int[2];
        try {
            lib.pipe(fds);
        } catch (LastErrorException e) {
            throw errno("pipe", e);
        }
        setNonBlockingCloseOnExec(fds[0]);
        setNonBlockingCloseOnExec(fds[1]);
        return fds;
    }

    @Override
    public void close(int fd) throws ErrnoException {
        try {
            lib.close(fd);
        } catch (LastErrorException e) {
            throw errno("close", e);
        }
    }

    @Override
    public long readv(int fd, long iov, int iovcnt) {
        return Direct.readv(fd, iov, iovcnt);
    }

    @Override
    public long writev(int fd, long iov, int iovcnt) {
        return Direct.writev(fd, iov, iovcnt);
    }

    @Override
    public long write(int fd, long buffer, long count) {
        return Direct.write(fd, buffer, count);
    }

    @Override
    public int poll(long fds, int nfds, int timeoutMillis) {
        return Direct.poll(fds, nfds, timeoutMillis);
    }

    @Override
    public int lastError() {
        return Native.getLastError();
    }

    @Override
    public String strerror(int errno) {
        return lib.strerror(errno);
    }

    @Override
    public void run(List<String> command) throws IOException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output;
        try (InputStream in = process.getInputStream()) {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            in.transferTo(bytes);
            output = bytes.toString().trim();
        }
        try {
            if (!process.waitFor(COMMAND_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IOException(String.join(" ", command) + ": no exit within " + COMMAND_TIMEOUT_SECONDS + " s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
            throw new IOException(String.join(" ", command) + ": interrupted");
        }
        if (process.exitValue() != 0) {
            throw new IOException(String.join(" ", command) + " failed (exit " + process.exitValue() + ")"
                    + (output.isEmpty() ? "" : ": " + output));
        }
    }

    private ErrnoException errno(String call, LastErrorException e) {
        return new ErrnoException(call, e.getErrorCode(), strerror(e.getErrorCode()));
    }
}
