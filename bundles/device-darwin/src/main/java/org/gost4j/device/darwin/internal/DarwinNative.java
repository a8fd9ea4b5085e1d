package org.gost4j.device.darwin.internal;

import java.io.IOException;
import java.util.List;

/**
 * Every call the macOS driver makes into the system, so that tests on Linux can drive the driver against a
 * fake and check the exact sequence and the bytes of each structure. {@link JnaDarwinNative} is the real one.
 *
 * <p>Structures travel as byte arrays (copied in and back out, like JNA does for arrays) except on the packet
 * path, where {@link #readv}, {@link #writev} and {@link #poll} take native addresses and return -1 with
 * {@link #lastError()} instead of throwing, so a would-block costs no exception.
 */
interface DarwinNative {

    int socket(int domain, int type, int protocol) throws ErrnoException;

    /** {@code ioctl(fd, request, argument)}; the kernel's answer is copied back into {@code argument}. */
    void ioctl(int fd, long request, byte[] argument) throws ErrnoException;

    void connect(int fd, byte[] address) throws ErrnoException;

    /** @return the option length the kernel stored in {@code value} */
    int getsockopt(int fd, int level, int option, byte[] value) throws ErrnoException;

    /** {@code fcntl}: adds O_NONBLOCK to the status flags and sets FD_CLOEXEC. */
    void setNonBlockingCloseOnExec(int fd) throws ErrnoException;

    /** @return the read end and the write end */
    int[] pipe() throws ErrnoException;

    void close(int fd) throws ErrnoException;

    long readv(int fd, long iov, int iovcnt);

    long writev(int fd, long iov, int iovcnt);

    long write(int fd, long buffer, long count);

    int poll(long fds, int nfds, int timeoutMillis);

    int lastError();

    String strerror(int errno);

    /** Runs a system tool ({@code ifconfig}, {@code route}) and fails with its output if it exits non-zero. */
    void run(List<String> command) throws IOException;
}
