package org.gost4j.device.windows.internal;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Locale;

import org.gost4j.api.device.IpNetwork;

/**
 * Layouts of the IP Helper rows (netioapi.h, x64) and the constants the driver needs. Windows is
 * little-endian; addresses inside SOCKADDR_INET are in network order.
 */
final class IpHelperStructs {

    static final short AF_INET = 2;
    static final short AF_INET6 = 23;

    /** SOCKADDR_INET: a union of sockaddr_in (16 bytes) and sockaddr_in6 (28 bytes). */
    static final int SOCKADDR_INET_SIZE = 28;

    /** MIB_UNICASTIPADDRESS_ROW. */
    static final int UNICAST_ROW_SIZE = 80;
    static final int UNICAST_ADDRESS = 0;
    static final int UNICAST_LUID = 32;
    static final int UNICAST_ON_LINK_PREFIX_LENGTH = 60;
    static final int UNICAST_DAD_STATE = 64;
    static final int IP_DAD_STATE_PREFERRED = 4;

    /** MIB_IPFORWARD_ROW2. */
    static final int FORWARD_ROW_SIZE = 104;
    static final int FORWARD_LUID = 0;
    static final int FORWARD_PREFIX = 12;
    static final int FORWARD_PREFIX_LENGTH = 40;
    static final int FORWARD_NEXT_HOP = 44;
    static final int FORWARD_METRIC = 84;
    static final int FORWARD_PROTOCOL = 88;
    static final int MIB_IPPROTO_NETMGMT = 3;

    /** MIB_IPINTERFACE_ROW. */
    static final int INTERFACE_ROW_SIZE = 168;
    static final int INTERFACE_FAMILY = 0;
    static final int INTERFACE_LUID = 8;
    static final int INTERFACE_SITE_PREFIX_LENGTH = 144;
    static final int INTERFACE_NL_MTU = 152;

    static final int ERROR_OBJECT_ALREADY_EXISTS = 5010;

    private IpHelperStructs() {
    }

    static byte[] unicastRow(byte[] initialized, long luid, IpNetwork address) {
        ByteBuffer b = le(initialized);
        putSockaddr(b, UNICAST_ADDRESS, address.address().getAddress());
        b.putLong(UNICAST_LUID, luid);
        b.put(UNICAST_ON_LINK_PREFIX_LENGTH, (byte) address.prefixLength());
        b.putInt(UNICAST_DAD_STATE, IP_DAD_STATE_PREFERRED);
        return initialized;
    }

    /** An on-link route: the next hop is the unspecified address of the route's family. */
    /** @param nextHop the gateway's address, or zeros for a route on the link */
    static byte[] forwardRow(byte[] initialized, long luid, byte[] network, int prefixLength, byte[] nextHop) {
        ByteBuffer b = le(initialized);
        b.putLong(FORWARD_LUID, luid);
        putSockaddr(b, FORWARD_PREFIX, network);
        b.put(FORWARD_PREFIX_LENGTH, (byte) prefixLength);
        putSockaddr(b, FORWARD_NEXT_HOP, nextHop);
        b.putInt(FORWARD_METRIC, 0);
        b.putInt(FORWARD_PROTOCOL, MIB_IPPROTO_NETMGMT);
        return initialized;
    }

    static void setInterfaceKey(byte[] row, short family, long luid) {
        ByteBuffer b = le(row);
        b.putShort(INTERFACE_FAMILY, family);
        b.putLong(INTERFACE_LUID, luid);
    }

    static void setInterfaceMtu(byte[] row, int mtu) {
        ByteBuffer b = le(row);
        b.putInt(INTERFACE_NL_MTU, mtu);
        // SetIpInterfaceEntry refuses IPv4 rows whose SitePrefixLength is not 0 (documented)
        if (b.getShort(INTERFACE_FAMILY) == AF_INET) {
            b.putInt(INTERFACE_SITE_PREFIX_LENGTH, 0);
        }
    }

    /** sockaddr_in {family, port, addr[4], zero[8]} or sockaddr_in6 {family, port, flowinfo, addr[16], scope}. */
    static void putSockaddr(ByteBuffer b, int offset, byte[] address) {
        for (int i = 0; i < SOCKADDR_INET_SIZE; i++) {
            b.put(offset + i, (byte) 0);
        }
        if (address.length == 4) {
            b.putShort(offset, AF_INET);
            b.put(offset + 4, address);
        } else {
            b.putShort(offset, AF_INET6);
            b.put(offset + 8, address);
        }
    }

    /** The registry form of a GUID, {@code {XXXXXXXX-XXXX-XXXX-XXXX-XXXXXXXXXXXX}}: Data1-3 little-endian. */
    static String guidString(byte[] guid) {
        ByteBuffer b = le(guid);
        StringBuilder s = new StringBuilder(String.format(Locale.ROOT, "{%08X-%04X-%04X-",
                b.getInt(0), b.getShort(4) & 0xffff, b.getShort(6) & 0xffff));
        for (int i = 8; i < 16; i++) {
            if (i == 10) {
                s.append('-');
            }
            s.append(String.format(Locale.ROOT, "%02X", guid[i] & 0xff));
        }
        return s.append('}').toString();
    }

    private static ByteBuffer le(byte[] raw) {
        return ByteBuffer.wrap(raw).order(ByteOrder.LITTLE_ENDIAN);
    }
}
