package org.gost4j.device.darwin.internal;

import java.io.IOException;

/**
 * Creates a utun interface: a {@code PF_SYSTEM} datagram socket, {@code CTLIOCGINFO} for the id of the utun
 * control, {@code connect} to a unit (which creates the interface), {@code UTUN_OPT_IFNAME} for its name.
 */
final class UtunSocket {

    private static final int EPERM = 1;
    private static final int EACCES = 13;
    private static final int EBUSY = 16;

    /** An open, connected control socket and the name the kernel gave the interface. */
    record Opened(int fd, String name) {
    }

    private UtunSocket() {
    }

    /**
     * @param requestedName {@code utunN}, or empty for the kernel's choice
     * @return a non-blocking, close-on-exec descriptor; closing it removes the interface
     */
    static Opened open(DarwinNative os, String requestedName) throws IOException {
        int unit = unit(requestedName);
        int fd;
        try {
            fd = os.socket(UtunStructs.PF_SYSTEM, UtunStructs.SOCK_DGRAM, UtunStructs.SYSPROTO_CONTROL);
        } catch (ErrnoException e) {
            throw new IOException("cannot open a kernel control socket: " + e.getMessage() + hint(e.errno), e);
        }
        try {
            byte[] info = UtunStructs.ctlInfo(UtunStructs.UTUN_CONTROL_NAME);
            os.ioctl(fd, UtunStructs.CTLIOCGINFO, info);
            os.connect(fd, UtunStructs.sockaddrCtl(UtunStructs.ctlId(info), unit));
            byte[] name = new byte[UtunStructs.IFNAMSIZ];
            int length = os.getsockopt(fd, UtunStructs.SYSPROTO_CONTROL, UtunStructs.UTUN_OPT_IFNAME, name);
            os.setNonBlockingCloseOnExec(fd);
            return new Opened(fd, UtunStructs.cString(name, length));
        } catch (ErrnoException e) {
            closeQuietly(os, fd);
            String what = requestedName.isEmpty() ? "a utun interface" : requestedName;
            throw new IOException("cannot create " + what + ": " + e.getMessage() + hint(e.errno), e);
        }
    }

    /** {@code utunN} is unit N+1; 0 lets the kernel pick the first free one. */
    static int unit(String name) throws IOException {
        if (name.isEmpty()) {
            return 0;
        }
        if (name.matches("utun\\d{1,6}")) {
            return Integer.parseInt(name.substring(4)) + 1;
        }
        throw new IOException("interface name '" + name + "' is not possible on macOS: utun interfaces are named"
                + " utun<N> (e.g. utun7); leave the name empty to let the kernel choose");
    }

    private static String hint(int errno) {
        return switch (errno) {
            case EPERM, EACCES -> " (creating utun interfaces needs root)";
            case EBUSY -> " (that utun unit is in use)";
            default -> "";
        };
    }

    static void closeQuietly(DarwinNative os, int fd) {
        try {
            os.close(fd);
        } catch (ErrnoException e) {
            // the descriptor is released either way
        }
    }
}
