/*
 * JNI entry points of org.gost4j.device.linux.internal.JniTunSyscalls: the device calls of the packet path,
 * each returning its result or -errno. A thin JNI call touches far less code than a JNA call, which matters
 * when a quiet tunnel's thread wakes up with cold caches (see bench/RESULTS.md).
 */
#include <errno.h>
#include <jni.h>
#include <stdint.h>
#include <poll.h>
#include <sys/uio.h>
#include <unistd.h>

static jlong result(ssize_t n) {
    return n < 0 ? -(jlong) errno : (jlong) n;
}

JNIEXPORT jlong JNICALL Java_org_gost4j_device_linux_internal_JniTunSyscalls_read0(
        JNIEnv *env, jclass type, jint fd, jlong buffer, jlong count) {
    return result(read(fd, (void *) (intptr_t) buffer, (size_t) count));
}

JNIEXPORT jlong JNICALL Java_org_gost4j_device_linux_internal_JniTunSyscalls_write0(
        JNIEnv *env, jclass type, jint fd, jlong buffer, jlong count) {
    return result(write(fd, (const void *) (intptr_t) buffer, (size_t) count));
}

JNIEXPORT jlong JNICALL Java_org_gost4j_device_linux_internal_JniTunSyscalls_readv0(
        JNIEnv *env, jclass type, jint fd, jlong iov, jint count) {
    return result(readv(fd, (const struct iovec *) (intptr_t) iov, count));
}

JNIEXPORT jlong JNICALL Java_org_gost4j_device_linux_internal_JniTunSyscalls_writev0(
        JNIEnv *env, jclass type, jint fd, jlong iov, jint count) {
    return result(writev(fd, (const struct iovec *) (intptr_t) iov, count));
}

JNIEXPORT jlong JNICALL Java_org_gost4j_device_linux_internal_JniTunSyscalls_poll0(
        JNIEnv *env, jclass type, jlong fds, jlong count, jint timeoutMillis) {
    return result(poll((struct pollfd *) (intptr_t) fds, (nfds_t) count, timeoutMillis));
}
