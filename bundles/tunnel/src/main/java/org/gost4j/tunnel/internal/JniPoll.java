package org.gost4j.tunnel.internal;

import java.nio.ByteBuffer;

import org.gost4j.support.io.JniLibraries;

/**
 * {@code poll(2)} through the bundle's JNI library ({@code src/main/c/poll.c}, in {@code Bundle-NativeCode}),
 * for {@link DescriptorPoller}. Where it does not load (another system, {@code -Dgost4j.jni=false}) there is no
 * poller and a tunnel serves each direction with a thread of its own.
 */
final class JniPoll {

    static final String LIBRARY = "gost4jpoll";
    private static final Throwable LOAD_FAILURE = JniLibraries.load(LIBRARY);

    private JniPoll() {
    }

    /** Why the library did not load, or null if it did. */
    static Throwable loadFailure() {
        return LOAD_FAILURE;
    }

    /** @return the number of ready entries, or {@code -errno} */
    static int poll(ByteBuffer fds, int count, int timeoutMillis) {
        return poll0(fds, count, timeoutMillis);
    }

    /** @return a new non-blocking eventfd, or {@code -errno} */
    static int eventfd() {
        return eventfd0();
    }

    /** Makes the eventfd readable. @return 0 or {@code -errno} */
    static int signal(int fd) {
        return signal0(fd);
    }

    static int close(int fd) {
        return close0(fd);
    }

    private static native int eventfd0();

    private static native int signal0(int fd);

    private static native int close0(int fd);

    private static native int poll0(ByteBuffer fds, int count, int timeoutMillis);
}
