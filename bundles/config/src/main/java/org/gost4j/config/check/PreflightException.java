package org.gost4j.config.check;

/** A configuration that would fail once applied; the message names the service and the reason in one line. */
public final class PreflightException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    PreflightException(String message) {
        super(message);
    }
}
