/*
 * JNI entry points of org.gost4j.device.linux.internal.JniTunSyscalls: the device calls of the packet path,
 * each returning its result or -errno. A thin JNI call touches far less code than a JNA call, which matters
 * when a quiet tunnel's thread wakes up with cold caches (see bench/RESULTS.md). Also the Internet checksum
 * over a range of memory, which the TCP segmenting and joining compute over every payload byte, and the set-up
 * calls (open, ioctl, eventfd, rtnetlink), so that a device opens without loading JNA at all.
 */
#include <errno.h>
#include <jni.h>
#include <stdint.h>
#include <string.h>
#include <fcntl.h>
#include <net/if.h>
#include <poll.h>
#include <sys/eventfd.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
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

/* The set-up calls: each returns its result or -errno, like the packet path's. */

JNIEXPORT jlong JNICALL Java_org_gost4j_device_linux_internal_JniTunSyscalls_open0(
        JNIEnv *env, jclass type, jstring path, jint flags) {
    const char *chars = (*env)->GetStringUTFChars(env, path, NULL);
    if (chars == NULL) {
        return -ENOMEM; /* an OutOfMemoryError is pending */
    }
    int fd = open(chars, flags);
    int saved = errno;
    (*env)->ReleaseStringUTFChars(env, path, chars);
    return fd < 0 ? -(jlong) saved : (jlong) fd;
}

JNIEXPORT jlong JNICALL Java_org_gost4j_device_linux_internal_JniTunSyscalls_close0(
        JNIEnv *env, jclass type, jint fd) {
    return result(close(fd));
}

JNIEXPORT jlong JNICALL Java_org_gost4j_device_linux_internal_JniTunSyscalls_ioctl0(
        JNIEnv *env, jclass type, jint fd, jlong request, jlong argument) {
    return result(ioctl(fd, (unsigned long) request, (unsigned long) argument));
}

JNIEXPORT jlong JNICALL Java_org_gost4j_device_linux_internal_JniTunSyscalls_eventfd0(
        JNIEnv *env, jclass type, jint initval, jint flags) {
    return result(eventfd((unsigned int) initval, flags));
}

JNIEXPORT jlong JNICALL Java_org_gost4j_device_linux_internal_JniTunSyscalls_interfaceIndex0(
        JNIEnv *env, jclass type, jstring name) {
    const char *chars = (*env)->GetStringUTFChars(env, name, NULL);
    if (chars == NULL) {
        return -ENOMEM;
    }
    unsigned int index = if_nametoindex(chars);
    int saved = errno;
    (*env)->ReleaseStringUTFChars(env, name, chars);
    return index == 0 ? -(jlong) saved : (jlong) index;
}

JNIEXPORT jlong JNICALL Java_org_gost4j_device_linux_internal_JniTunSyscalls_socket0(
        JNIEnv *env, jclass type, jint domain, jint socketType, jint protocol) {
    return result(socket(domain, socketType, protocol));
}

JNIEXPORT jlong JNICALL Java_org_gost4j_device_linux_internal_JniTunSyscalls_setsockopt0(
        JNIEnv *env, jclass type, jint fd, jint level, jint name, jlong value, jint length) {
    return result(setsockopt(fd, level, name, (const void *) (intptr_t) value, (socklen_t) length));
}

JNIEXPORT jlong JNICALL Java_org_gost4j_device_linux_internal_JniTunSyscalls_send0(
        JNIEnv *env, jclass type, jint fd, jlong buffer, jlong length, jint flags) {
    return result(send(fd, (const void *) (intptr_t) buffer, (size_t) length, flags));
}

JNIEXPORT jlong JNICALL Java_org_gost4j_device_linux_internal_JniTunSyscalls_recv0(
        JNIEnv *env, jclass type, jint fd, jlong buffer, jlong length, jint flags) {
    return result(recv(fd, (void *) (intptr_t) buffer, (size_t) length, flags));
}

JNIEXPORT jstring JNICALL Java_org_gost4j_device_linux_internal_JniTunSyscalls_strerror0(
        JNIEnv *env, jclass type, jint errnum) {
    return (*env)->NewStringUTF(env, strerror(errnum));
}

/* 0 for a buffer that is not direct. */
JNIEXPORT jlong JNICALL Java_org_gost4j_device_linux_internal_JniTunSyscalls_address0(
        JNIEnv *env, jclass type, jobject buffer) {
    return (jlong) (intptr_t) (*env)->GetDirectBufferAddress(env, buffer);
}

JNIEXPORT jint JNICALL Java_org_gost4j_device_linux_internal_JniTunSyscalls_pointerSize0(
        JNIEnv *env, jclass type) {
    return (jint) sizeof(void *);
}

/*
 * The Internet checksum (RFC 1071) of count bytes at address: their sum as 16-bit words in network order (an
 * odd last byte padded with zero), folded to 16 bits, not complemented. The words are summed in the machine's
 * order, 32 bits at a time into independent 64-bit sums (no carry is lost below 4 GB), and the folded result
 * swapped to network order on a little-endian machine (RFC 1071, section 2(B)): about ten times the speed of
 * the Java loop it replaces.
 */
JNIEXPORT jlong JNICALL Java_org_gost4j_device_linux_internal_JniTunSyscalls_checksum0(
        JNIEnv *env, jclass type, jlong address, jint count) {
    const unsigned char *p = (const unsigned char *) (intptr_t) address;
    size_t n = (size_t) count;
    uint64_t s0 = 0, s1 = 0, s2 = 0, s3 = 0;
    for (; n >= 32; p += 32, n -= 32) {
        uint64_t a, b, c, d;
        memcpy(&a, p, 8);
        memcpy(&b, p + 8, 8);
        memcpy(&c, p + 16, 8);
        memcpy(&d, p + 24, 8);
        s0 += (a & 0xffffffffu) + (a >> 32);
        s1 += (b & 0xffffffffu) + (b >> 32);
        s2 += (c & 0xffffffffu) + (c >> 32);
        s3 += (d & 0xffffffffu) + (d >> 32);
    }
    for (; n >= 8; p += 8, n -= 8) {
        uint64_t a;
        memcpy(&a, p, 8);
        s0 += (a & 0xffffffffu) + (a >> 32);
    }
    for (; n >= 2; p += 2, n -= 2) {
        uint16_t w;
        memcpy(&w, p, 2);
        s1 += w;
    }
    if (n) {
        uint16_t w = 0;
        memcpy(&w, p, 1); /* the odd byte first in memory: a word's first byte, the rest zero */
        s2 += w;
    }
    uint64_t sum = s0 + s1 + s2 + s3;
    while (sum >> 16) {
        sum = (sum & 0xffff) + (sum >> 16);
    }
#if __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
    sum = ((sum & 0xff) << 8) | (sum >> 8);
#endif
    return (jlong) sum;
}
