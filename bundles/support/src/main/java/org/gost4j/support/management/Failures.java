package org.gost4j.support.management;

import javax.management.MBeanException;

/**
 * How every gost4j MBean operation fails: an {@link MBeanException} whose message says why in one line, with an
 * {@link IllegalArgumentException} of the same message as its target (a JDK class, so any JMX client can show
 * it). The management whiteboard hands it to the client as it is.
 */
public final class Failures {

    private Failures() {
    }

    public static MBeanException of(String message) {
        return new MBeanException(new IllegalArgumentException(message), message);
    }

    /** The exception's own message, or its class where it has none. */
    public static MBeanException of(Exception cause) {
        return of(cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage());
    }
}
