package org.gost4j.chain.relay.internal;

import java.io.IOException;

/** A relay request or response that cannot be accepted; carries the status the server answers with. */
final class RelayException extends IOException {

    private static final long serialVersionUID = 1L;

    private final int status;

    RelayException(int status, String message) {
        super(message);
        this.status = status;
    }

    int status() {
        return status;
    }
}
