package org.gost4j.device.linux.internal;

import java.io.IOException;
import java.lang.ref.Reference;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

import org.gost4j.api.device.DeviceType;
import org.gost4j.support.jna.NativeStructs;

/** Creates an interface by opening /dev/net/tun and attaching the descriptor with TUNSETIFF. */
final class TunFile {

    static final String CLONE_DEVICE = "/dev/net/tun";

    /** {@code _IOW('T', 202, int)} from linux/if_tun.h. */
    private static final long TUNSETIFF = 0x400454caL;
    private static final short IFF_TUN = 0x0001;
    private static final short IFF_TAP = 0x0002;
    private static final short IFF_NO_PI = 0x1000;
    private static final short IFF_VNET_HDR = 0x4000;
    /** {@code _IOW('T', 208, unsigned int)}: the argument is the flags themselves. */
    private static final long TUNSETOFFLOAD = 0x400454d0L;
    /** {@code _IOW('T', 216, int)}: the argument points to the header size. */
    private static final long TUNSETVNETHDRSZ = 0x400454d8L;
    private static final int TUN_F_CSUM = 0x01;
    private static final int TUN_F_TSO4 = 0x02;
    private static final int TUN_F_TSO6 = 0x04;

    /** {@code struct ifreq}: a 16-byte name, then a union whose first member is {@code short ifr_flags}. */
    private static final int IFREQ_SIZE = 40;
    private static final int IFNAMSIZ = 16;
    private static final int IFR_FLAGS_OFFSET = 16;

    private static final int ENOENT = 2;
    private static final int ENXIO = 6;
    private static final int EPERM = 1;
    private static final int EACCES = 13;
    private static final int EBUSY = 16;
    private static final int EINVAL = 22;
    private static final int ENODEV = 19;

    /**
     * An open, attached tun descriptor and the name the kernel gave the interface; with {@code offload}, every
     * packet crosses the descriptor behind a virtio header and reads may be TCP super-packets.
     */
    record Attached(int fd, String name, boolean offload) {
    }

    private TunFile() {
    }

    /**
     * @param requestedName interface name, or empty for the kernel's {@code tun%d} / {@code tap%d}
     * @param offload        for TUN: ask for checksum and TCP segmentation offload (TAP ignores it)
     * @return a non-blocking, close-on-exec descriptor; closing it removes the interface
     */
    static Attached open(TunSyscalls syscalls, String requestedName, DeviceType type, boolean offload)
            throws IOException {
        boolean vnet = offload && type == DeviceType.TUN;
        byte[] name = requestedName.getBytes(StandardCharsets.US_ASCII);
        if (name.length >= IFNAMSIZ) {
            throw new IOException("interface name '" + requestedName + "' is longer than " + (IFNAMSIZ - 1) + " bytes");
        }
        long opened = syscalls.open(CLONE_DEVICE, LibC.O_RDWR | LibC.O_NONBLOCK | LibC.O_CLOEXEC);
        if (opened < 0) {
            throw openFailure(syscalls, (int) -opened);
        }
        int fd = (int) opened;
        ByteBuffer ifreq = NativeStructs.allocate(IFREQ_SIZE);
        ifreq.put(0, name);
        ifreq.putShort(IFR_FLAGS_OFFSET,
                (short) ((type == DeviceType.TAP ? IFF_TAP : IFF_TUN) | IFF_NO_PI | (vnet ? IFF_VNET_HDR : 0)));
        long attached = syscalls.ioctl(fd, TUNSETIFF, syscalls.address(ifreq));
        if (attached < 0) {
            closeQuietly(syscalls, fd);
            throw attachFailure(syscalls, requestedName, type, (int) -attached);
        }
        String kernelName = kernelName(ifreq);
        if (vnet) {
            enableOffloads(syscalls, fd, kernelName);
        }
        return new Attached(fd, kernelName, vnet);
    }

    /** The NUL-terminated name the kernel wrote back into {@code ifreq}. */
    private static String kernelName(ByteBuffer ifreq) {
        int length = 0;
        while (length < IFNAMSIZ && ifreq.get(length) != 0) {
            length++;
        }
        byte[] name = new byte[length];
        ifreq.get(0, name);
        return new String(name, StandardCharsets.US_ASCII);
    }

    /** Fixes the virtio header size the reader expects, then lets the kernel hand over TSO super-packets. */
    private static void enableOffloads(TunSyscalls syscalls, int fd, String name) throws IOException {
        ByteBuffer size = NativeStructs.allocate(4).putInt(0, VirtioNetHeader.SIZE);
        long result = syscalls.ioctl(fd, TUNSETVNETHDRSZ, syscalls.address(size));
        Reference.reachabilityFence(size); // only its address went to the kernel
        if (result >= 0) {
            result = syscalls.ioctl(fd, TUNSETOFFLOAD, TUN_F_CSUM | TUN_F_TSO4 | TUN_F_TSO6);
        }
        if (result < 0) {
            closeQuietly(syscalls, fd);
            throw new IOException("cannot enable offloads on " + name + ": " + Errno.text(syscalls, (int) -result)
                    + " (offload=false turns them off)");
        }
    }

    private static IOException openFailure(TunSyscalls syscalls, int errno) {
        String hint = switch (errno) {
            case ENOENT, ENXIO, ENODEV -> " (is the tun kernel module loaded?)";
            case EPERM, EACCES -> " (needs root or CAP_NET_ADMIN)";
            default -> "";
        };
        return new IOException("cannot open " + CLONE_DEVICE + ": " + Errno.text(syscalls, errno) + hint);
    }

    private static IOException attachFailure(TunSyscalls syscalls, String name, DeviceType type, int errno) {
        String what = "cannot create " + type + " interface" + (name.isEmpty() ? "" : " '" + name + "'");
        String hint = switch (errno) {
            case EBUSY -> " (the name is in use by another open " + type + " device)";
            case EINVAL -> " (the name may belong to an interface of another kind)";
            case EPERM -> " (needs CAP_NET_ADMIN)";
            default -> "";
        };
        return new IOException(what + ": " + Errno.text(syscalls, errno) + hint);
    }

    /** Closes {@code fd}; a failure needs no handling, as the descriptor is released either way. */
    static void closeQuietly(TunSyscalls syscalls, int fd) {
        syscalls.close(fd);
    }
}
