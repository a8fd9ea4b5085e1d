package org.gost4j.api.tunnel;

import java.util.Locale;

/** Where a tunnel service stands, as {@link TunnelMBean#getState()} reports it ({@link #label()}). */
public enum TunnelState {

    /** Configured; opening its socket and device (a chain may take a while to connect). */
    STARTING,
    /** Moving packets. */
    UP,
    /** A client whose server went silent: it keeps registering from a fresh socket until it hears back. */
    RECONNECTING,
    /** Not moving packets, for the reason {@link TunnelMBean#getLastError()} gives. */
    FAILED;

    /** The lower-case name JMX clients see: {@code starting}, {@code up}, {@code reconnecting}, {@code failed}. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
