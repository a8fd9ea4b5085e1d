package org.gost4j.device.linux.internal;

import com.sun.jna.Native;

/** {@link TunSyscalls} through JNA ({@link LibC}): where the bundle's JNI library cannot load. */
final class JnaTunSyscalls implements TunSyscalls {

    static final JnaTunSyscalls INSTANCE = new JnaTunSyscalls();

    private JnaTunSyscalls() {
    }

    @Override
    public long read(int fd, long buffer, long count) {
        return result(LibC.read(fd, buffer, count));
    }

    @Override
    public long write(int fd, long buffer, long count) {
        return result(LibC.write(fd, buffer, count));
    }

    @Override
    public long readv(int fd, long iov, int count) {
        return result(LibC.readv(fd, iov, count));
    }

    @Override
    public long writev(int fd, long iov, int count) {
        return result(LibC.writev(fd, iov, count));
    }

    @Override
    public long poll(long fds, long count, int timeoutMillis) {
        return result(LibC.poll(fds, count, timeoutMillis));
    }

    @Override
    public String toString() {
        return "JNA";
    }

    private static long result(long returned) {
        return returned >= 0 ? returned : -Native.getLastError();
    }
}
