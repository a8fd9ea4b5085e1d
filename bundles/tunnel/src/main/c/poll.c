/*
 * JNI entry point of org.gost4j.tunnel.internal.JniPoll: poll(2) for the tunnel's own poller, returning the number
 * of ready descriptors or -errno. The pollfd array lives in a direct buffer.
 */
#include <errno.h>
#include <jni.h>
#include <poll.h>

JNIEXPORT jint JNICALL Java_org_gost4j_tunnel_internal_JniPoll_poll0(
        JNIEnv *env, jclass type, jobject fds, jint count, jint timeoutMillis) {
    struct pollfd *entries = (struct pollfd *) (*env)->GetDirectBufferAddress(env, fds);
    int ready = poll(entries, (nfds_t) count, timeoutMillis);
    return ready < 0 ? -errno : ready;
}
