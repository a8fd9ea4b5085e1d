package org.gost4j.device.windows.internal;

import java.io.IOException;

/** A failed Windows call with its error code (GetLastError or a NETIO_STATUS). */
final class WinException extends IOException {

    private static final long serialVersionUID = 1L;

    final int code;

    WinException(String call, int code) {
        super(call + ": Windows error " + code);
        this.code = code;
    }
}
