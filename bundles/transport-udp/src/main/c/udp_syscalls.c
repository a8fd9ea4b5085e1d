/*
 * JNI entry points of org.gost4j.transport.udp.internal.JniUdpSyscalls: the socket calls of the packet path and of
 * opening and closing a socket, each returning its result or -errno. A thin JNI call touches far less code than a
 * JNA call, which matters when a quiet tunnel's thread wakes up with cold caches (see bench/RESULTS.md); and with
 * every call here the bundle never loads JNA, whose first use costs a start tens of milliseconds.
 */
#include <errno.h>
#include <jni.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <unistd.h>

static jlong result(ssize_t n) {
    return n < 0 ? -(jlong) errno : (jlong) n;
}

JNIEXPORT jint JNICALL Java_org_gost4j_transport_udp_internal_JniUdpSyscalls_recvmmsg0(
        JNIEnv *env, jclass type, jint fd, jlong messages, jint count, jint flags) {
    /* Through syscall(): without _GNU_SOURCE (see strerror0) the C library declares neither recvmmsg nor its
     * struct mmsghdr; the Java side lays the structures out. */
    return (jint) result(syscall(SYS_recvmmsg, fd, (void *) (intptr_t) messages, (unsigned int) count, flags,
            NULL));
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

JNIEXPORT jint JNICALL Java_org_gost4j_transport_udp_internal_JniUdpSyscalls_socket0(
        JNIEnv *env, jclass type, jint domain, jint socketType, jint protocol) {
    return (jint) result(socket(domain, socketType, protocol));
}

JNIEXPORT jint JNICALL Java_org_gost4j_transport_udp_internal_JniUdpSyscalls_setsockopt0(
        JNIEnv *env, jclass type, jint fd, jint level, jint name, jlong value, jint length) {
    return (jint) result(setsockopt(fd, level, name, (const void *) (intptr_t) value, (socklen_t) length));
}

JNIEXPORT jint JNICALL Java_org_gost4j_transport_udp_internal_JniUdpSyscalls_bind0(
        JNIEnv *env, jclass type, jint fd, jlong address, jint length) {
    return (jint) result(bind(fd, (const struct sockaddr *) (intptr_t) address, (socklen_t) length));
}

JNIEXPORT jint JNICALL Java_org_gost4j_transport_udp_internal_JniUdpSyscalls_connect0(
        JNIEnv *env, jclass type, jint fd, jlong address, jint length) {
    return (jint) result(connect(fd, (const struct sockaddr *) (intptr_t) address, (socklen_t) length));
}

JNIEXPORT jint JNICALL Java_org_gost4j_transport_udp_internal_JniUdpSyscalls_getsockname0(
        JNIEnv *env, jclass type, jint fd, jlong address, jlong lengthPointer) {
    return (jint) result(getsockname(fd, (struct sockaddr *) (intptr_t) address,
            (socklen_t *) (intptr_t) lengthPointer));
}

JNIEXPORT jint JNICALL Java_org_gost4j_transport_udp_internal_JniUdpSyscalls_shutdown0(
        JNIEnv *env, jclass type, jint fd, jint how) {
    return (jint) result(shutdown(fd, how));
}

JNIEXPORT jint JNICALL Java_org_gost4j_transport_udp_internal_JniUdpSyscalls_close0(
        JNIEnv *env, jclass type, jint fd) {
    return (jint) result(close(fd));
}

/* The C library's text for errnum. The build compiles without _GNU_SOURCE, so strerror_r is the XSI one. */
JNIEXPORT jstring JNICALL Java_org_gost4j_transport_udp_internal_JniUdpSyscalls_strerror0(
        JNIEnv *env, jclass type, jint errnum) {
    char text[256];
    if (strerror_r(errnum, text, sizeof text) != 0) {
        snprintf(text, sizeof text, "Unknown error %d", (int) errnum);
    }
    return (*env)->NewStringUTF(env, text);
}

/* A direct buffer's address, or 0 for a buffer that is not direct. */
JNIEXPORT jlong JNICALL Java_org_gost4j_transport_udp_internal_JniUdpSyscalls_address0(
        JNIEnv *env, jclass type, jobject buffer) {
    return (jlong) (intptr_t) (*env)->GetDirectBufferAddress(env, buffer);
}
