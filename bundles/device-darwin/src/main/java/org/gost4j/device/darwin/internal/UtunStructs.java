package org.gost4j.device.darwin.internal;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * The kernel-control structures and constants of {@code sys/kern_control.h}, {@code sys/sys_domain.h} and
 * {@code net/if_utun.h}, as bytes. macOS runs little-endian on both x86_64 and arm64, so host-order fields are
 * little-endian; the utun packet header is in network order.
 */
final class UtunStructs {

    static final int PF_SYSTEM = 32;
    static final int AF_SYSTEM = 32;
    static final int AF_SYS_CONTROL = 2;
    static final int SYSPROTO_CONTROL = 2;
    static final int SOCK_DGRAM = 2;
    /** {@code _IOWR('N', 3, struct ctl_info)}. */
    static final long CTLIOCGINFO = 0xc0644e03L;
    static final String UTUN_CONTROL_NAME = "com.apple.net.utun_control";
    static final int UTUN_OPT_IFNAME = 2;

    /** {@code struct ctl_info}: u_int32_t ctl_id, char ctl_name[96]. */
    static final int CTL_INFO_SIZE = 100;
    static final int CTL_NAME_OFFSET = 4;
    static final int MAX_KCTL_NAME = 96;

    /**
     * {@code struct sockaddr_ctl}: u_char sc_len, u_char sc_family, u_int16_t ss_sysaddr, u_int32_t sc_id,
     * u_int32_t sc_unit, u_int32_t sc_reserved[5].
     */
    static final int SOCKADDR_CTL_SIZE = 32;
    static final int SC_ID_OFFSET = 4;
    static final int SC_UNIT_OFFSET = 8;

    /** Each utun packet starts with its address family, 4 bytes in network order. */
    static final int AF_HEADER_SIZE = 4;
    static final int AF_INET = 2;
    static final int AF_INET6 = 30;

    static final int IFNAMSIZ = 16;

    private UtunStructs() {
    }

    /** A {@code ctl_info} asking for the id of the control named {@code name}. */
    static byte[] ctlInfo(String name) {
        byte[] raw = name.getBytes(StandardCharsets.US_ASCII);
        if (raw.length >= MAX_KCTL_NAME) {
            throw new IllegalArgumentException("control name too long: " + name);
        }
        byte[] info = new byte[CTL_INFO_SIZE];
        System.arraycopy(raw, 0, info, CTL_NAME_OFFSET, raw.length);
        return info;
    }

    static int ctlId(byte[] ctlInfo) {
        return host(ctlInfo).getInt(0);
    }

    /** The address to connect a control socket to: unit 0 lets the kernel choose, N+1 asks for utunN. */
    static byte[] sockaddrCtl(int ctlId, int unit) {
        byte[] address = new byte[SOCKADDR_CTL_SIZE];
        ByteBuffer b = host(address);
        b.put(0, (byte) SOCKADDR_CTL_SIZE);
        b.put(1, (byte) AF_SYSTEM);
        b.putShort(2, (short) AF_SYS_CONTROL);
        b.putInt(SC_ID_OFFSET, ctlId);
        b.putInt(SC_UNIT_OFFSET, unit);
        return address;
    }

    /** The address family header for an IP packet whose first byte is {@code firstByte}, or -1. */
    static int familyOf(byte firstByte) {
        return switch ((firstByte & 0xf0) >>> 4) {
            case 4 -> AF_INET;
            case 6 -> AF_INET6;
            default -> -1;
        };
    }

    /** A NUL-terminated C string at the start of {@code raw}. */
    static String cString(byte[] raw, int length) {
        int n = 0;
        while (n < length && n < raw.length && raw[n] != 0) {
            n++;
        }
        return new String(raw, 0, n, StandardCharsets.US_ASCII);
    }

    private static ByteBuffer host(byte[] raw) {
        return ByteBuffer.wrap(raw).order(ByteOrder.LITTLE_ENDIAN);
    }
}
