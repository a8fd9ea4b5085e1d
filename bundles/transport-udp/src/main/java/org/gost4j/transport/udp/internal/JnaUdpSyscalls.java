package org.gost4j.transport.udp.internal;

import com.sun.jna.Native;

/** {@link UdpSyscalls} through JNA ({@link LinuxSockets}): where the bundle's JNI library cannot load. */
final class JnaUdpSyscalls implements UdpSyscalls {

    static final JnaUdpSyscalls INSTANCE = new JnaUdpSyscalls();

    private JnaUdpSyscalls() {
    }

    @Override
    public long recvmsg(int fd, long message, int flags) {
        return result(LinuxSockets.recvmsg(fd, message, flags));
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
    public String toString() {
        return "JNA";
    }

    private static long result(long returned) {
        return returned >= 0 ? returned : -Native.getLastError();
    }
}
