package org.gost4j.transport.udp.internal;

import java.nio.ByteBuffer;

import com.sun.jna.Native;

import org.gost4j.support.jna.NativeStructs;

/** {@link UdpSyscalls} through JNA ({@link LinuxSockets}): where the bundle's JNI library cannot load. */
final class JnaUdpSyscalls implements UdpSyscalls {

    static final JnaUdpSyscalls INSTANCE = new JnaUdpSyscalls();

    private JnaUdpSyscalls() {
    }

    @Override
    public int recvmmsg(int fd, long messages, int count, int flags) {
        return result(LinuxSockets.recvmmsg(fd, messages, count, flags, 0));
    }

    @Override
    public long sendmsg(int fd, long message, int flags) {
        return result(LinuxSockets.sendmsg(fd, message, flags));
    }

    @Override
    public long sendto(int fd, long buffer, long length, int flags, long address, int addressLength) {
        return result(LinuxSockets.sendto(fd, buffer, length, flags, address, addressLength));
    }

    @Override
    public int socket(int domain, int type, int protocol) {
        return result(LinuxSockets.socket(domain, type, protocol));
    }

    @Override
    public int setsockopt(int fd, int level, int name, long value, int length) {
        return result(LinuxSockets.setsockopt(fd, level, name, value, length));
    }

    @Override
    public int bind(int fd, long address, int length) {
        return result(LinuxSockets.bind(fd, address, length));
    }

    @Override
    public int connect(int fd, long address, int length) {
        return result(LinuxSockets.connect(fd, address, length));
    }

    @Override
    public int getsockname(int fd, long address, long lengthPointer) {
        return result(LinuxSockets.getsockname(fd, address, lengthPointer));
    }

    @Override
    public int shutdown(int fd, int how) {
        return result(LinuxSockets.shutdown(fd, how));
    }

    @Override
    public int close(int fd) {
        return result(LinuxSockets.close(fd));
    }

    @Override
    public String strerror(int errno) {
        return LinuxSockets.strerror(errno);
    }

    @Override
    public long address(ByteBuffer direct) {
        return NativeStructs.address(direct);
    }

    @Override
    public String toString() {
        return "JNA";
    }

    private static long result(long returned) {
        return returned >= 0 ? returned : -Native.getLastError();
    }

    private static int result(int returned) {
        return returned >= 0 ? returned : -Native.getLastError();
    }
}
