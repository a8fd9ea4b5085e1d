package org.gost4j.device.linux.internal;

import java.io.IOException;

/** Turns an errno into an {@link IOException} that names the failed operation and the C library's text. */
final class Errno {

    private Errno() {
    }

    static String text(int errno) {
        return TunSyscalls.best().strerror(errno) + " (errno " + errno + ")";
    }

    static IOException exception(String operation, int errno) {
        return new IOException(operation + ": " + text(errno));
    }
}
