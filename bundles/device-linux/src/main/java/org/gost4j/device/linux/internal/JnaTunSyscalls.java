package org.gost4j.device.linux.internal;

import java.nio.ByteBuffer;

import com.sun.jna.Native;

import org.gost4j.support.jna.NativeStructs;

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
    public long open(String path, int flags) {
        return result(LibC.open(path, flags));
    }

    @Override
    public long close(int fd) {
        return result(LibC.close(fd));
    }

    @Override
    public long ioctl(int fd, long request, long argument) {
        return result(LibC.ioctl(fd, request, argument));
    }

    @Override
    public long eventfd(int initialValue, int flags) {
        return result(LibC.eventfd(initialValue, flags));
    }

    @Override
    public long interfaceIndex(String name) {
        int index = LibC.if_nametoindex(name);
        return index != 0 ? index : -Native.getLastError();
    }

    @Override
    public long socket(int domain, int type, int protocol) {
        return result(LibC.socket(domain, type, protocol));
    }

    @Override
    public long setsockopt(int fd, int level, int name, long value, int length) {
        return result(LibC.setsockopt(fd, level, name, value, length));
    }

    @Override
    public long send(int fd, long buffer, long length, int flags) {
        return result(LibC.send(fd, buffer, length, flags));
    }

    @Override
    public long recv(int fd, long buffer, long length, int flags) {
        return result(LibC.recv(fd, buffer, length, flags));
    }

    @Override
    public String strerror(int errno) {
        return LibC.strerror(errno);
    }

    @Override
    public long address(ByteBuffer direct) {
        return NativeStructs.address(direct);
    }

    @Override
    public int pointerSize() {
        return Native.POINTER_SIZE;
    }

    @Override
    public String toString() {
        return "JNA";
    }

    private static long result(long returned) {
        return returned >= 0 ? returned : -Native.getLastError();
    }
}
