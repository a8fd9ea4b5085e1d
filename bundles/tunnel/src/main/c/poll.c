/*
 * JNI entry point of org.gost4j.tunnel.internal.JniPoll: poll(2) for the tunnel's own poller, returning the number
 * of ready descriptors or -errno. The pollfd array lives in a direct buffer.
 */
#include <errno.h>
#include <jni.h>
#include <poll.h>
#include <stdint.h>
#include <sys/eventfd.h>
#include <unistd.h>

JNIEXPORT jint JNICALL Java_org_gost4j_tunnel_internal_JniPoll_poll0(
        JNIEnv *env, jclass type, jobject fds, jint count, jint timeoutMillis) {
    struct pollfd *entries = (struct pollfd *) (*env)->GetDirectBufferAddress(env, fds);
    int ready = poll(entries, (nfds_t) count, timeoutMillis);
    return ready < 0 ? -errno : ready;
}

/* An eventfd that wakes the poller's thread without touching the sources (a tunnel handing them over). */
JNIEXPORT jint JNICALL Java_org_gost4j_tunnel_internal_JniPoll_eventfd0(JNIEnv *env, jclass type) {
    int fd = eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
    return fd < 0 ? -errno : fd;
}

JNIEXPORT jint JNICALL Java_org_gost4j_tunnel_internal_JniPoll_signal0(JNIEnv *env, jclass type, jint fd) {
    uint64_t one = 1;
    return write(fd, &one, sizeof one) < 0 ? -errno : 0;
}

JNIEXPORT jint JNICALL Java_org_gost4j_tunnel_internal_JniPoll_close0(JNIEnv *env, jclass type, jint fd) {
    return close(fd) < 0 ? -errno : 0;
}
