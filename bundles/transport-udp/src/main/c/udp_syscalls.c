/*
 * JNI entry points of org.gost4j.transport.udp.internal.JniUdpSyscalls: the socket calls of the packet path,
 * each returning its result or -errno. A thin JNI call touches far less code than a JNA call, which matters
 * when a quiet tunnel's thread wakes up with cold caches (see bench/RESULTS.md).
 */
#include <errno.h>
#include <jni.h>
#include <stdint.h>
#include <sys/socket.h>

static jlong result(ssize_t n) {
    return n < 0 ? -(jlong) errno : (jlong) n;
}

JNIEXPORT jlong JNICALL Java_org_gost4j_transport_udp_internal_JniUdpSyscalls_recvmsg0(
        JNIEnv *env, jclass type, jint fd, jlong message, jint flags) {
    return result(recvmsg(fd, (struct msghdr *) (intptr_t) message, flags));
}

JNIEXPORT jlong JNICALL Java_org_gost4j_transport_udp_internal_JniUdpSyscalls_sendmsg0(
        JNIEnv *env, jclass type, jint fd, jlong message, jint flags) {
    return result(sendmsg(fd, (const struct msghdr *) (intptr_t) message, flags));
}

JNIEXPORT jlong JNICALL Java_org_gost4j_transport_udp_internal_JniUdpSyscalls_sendto0(
        JNIEnv *env, jclass type, jint fd, jlong buffer, jlong length, jint flags, jlong address,
        jint addressLength) {
    return result(sendto(fd, (const void *) (intptr_t) buffer, (size_t) length, flags,
            (const struct sockaddr *) (intptr_t) address, (socklen_t) addressLength));
}
