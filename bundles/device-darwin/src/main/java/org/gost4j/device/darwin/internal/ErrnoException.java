package org.gost4j.device.darwin.internal;

import java.io.IOException;

/** A failed system call, carrying its errno so callers can react to specific errors. */
final class ErrnoException extends IOException {

    private static final long serialVersionUID = 1L;

    final int errno;

    ErrnoException(String call, int errno, String text) {
        super(call + ": " + text + " (errno " + errno + ")");
        this.errno = errno;
    }
}
