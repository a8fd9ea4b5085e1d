package org.gost4j.device.linux.internal;

import java.io.IOException;

/** Turns an errno into an {@link IOException} that names the failed operation and the C library's text. */
final class Errno {

    private Errno() {
    }

    /** The text of {@code syscalls}' C library, which set the errno. */
    static String text(TunSyscalls syscalls, int errno) {
        return syscalls.strerror(errno) + " (errno " + errno + ")";
    }

    static IOException exception(TunSyscalls syscalls, String operation, int errno) {
        return new IOException(operation + ": " + text(syscalls, errno));
    }
}
