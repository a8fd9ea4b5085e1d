/*
 * JNI entry points of org.gost4j.device.linux.internal.JniTunSyscalls: the device calls of the packet path,
 * each returning its result or -errno. A thin JNI call touches far less code than a JNA call, which matters
 * when a quiet tunnel's thread wakes up with cold caches (see bench/RESULTS.md). Also the Internet checksum
 * over a range of memory, which the TCP segmenting and joining compute over every payload byte.
 */
#include <errno.h>
#include <jni.h>
#include <stdint.h>
#include <string.h>
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
