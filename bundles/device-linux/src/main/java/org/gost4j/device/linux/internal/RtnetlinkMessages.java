package org.gost4j.device.linux.internal;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

import org.gost4j.api.device.IpNetwork;

/**
 * Encodes the rtnetlink requests the driver sends and decodes the kernel's acknowledgements. Pure byte work,
 * no socket, so it is testable anywhere. Layouts follow {@code linux/netlink.h}, {@code linux/rtnetlink.h},
 * {@code linux/if_link.h} and {@code linux/if_addr.h}; integers are in native byte order, addresses in network
 * order, and every attribute starts on a 4-byte boundary.
 */
final class RtnetlinkMessages {

    static final int NLMSG_HDRLEN = 16;

    static final short NLMSG_ERROR = 2;
    static final short RTM_NEWLINK = 16;
    static final short RTM_NEWADDR = 20;
    static final short RTM_NEWROUTE = 24;
    static final short RTM_DELROUTE = 25;

    static final short NLM_F_REQUEST = 0x1;
    static final short NLM_F_ACK = 0x4;
    static final short NLM_F_EXCL = 0x200;
    static final short NLM_F_CREATE = 0x400;
    /** In an error reply: the original request was cut to its header. */
    static final short NLM_F_CAPPED = 0x100;
    /** In an error reply: extended-ack attributes follow the original request. */
    static final short NLM_F_ACK_TLVS = 0x200;

    static final byte AF_UNSPEC = 0;
    static final byte AF_INET = 2;
    static final byte AF_INET6 = 10;

    static final int IFF_UP = 0x1;
    static final short IFLA_MTU = 4;

    static final short IFA_ADDRESS = 1;
    static final short IFA_LOCAL = 2;
    static final short IFA_FLAGS = 8;
    static final int IFA_F_NODAD = 0x02;

    static final short RTA_DST = 1;
    static final short RTA_OIF = 4;
    static final short RTA_GATEWAY = 5;
    static final byte RT_TABLE_MAIN = (byte) 254;
    static final byte RTPROT_STATIC = 4;
    static final byte RT_SCOPE_UNIVERSE = 0;
    static final byte RT_SCOPE_LINK = (byte) 253;
    static final byte RTN_UNICAST = 1;

    static final short NLMSGERR_ATTR_MSG = 1;

    /** Plenty for one header, one fixed struct and a few attributes of at most 16 bytes each. */
    private static final int MAX_REQUEST = 128;

    private RtnetlinkMessages() {
    }

    /** RTM_NEWLINK on an existing interface: set the MTU and the IFF_UP flag. */
    static ByteBuffer setMtuAndUp(int seq, int ifindex, int mtu) {
        ByteBuffer b = header(RTM_NEWLINK, NLM_F_REQUEST | NLM_F_ACK, seq);
        b.put(AF_UNSPEC).put((byte) 0).putShort((short) 0); // family, pad, ifi_type
        b.putInt(ifindex);
        b.putInt(IFF_UP); // ifi_flags
        b.putInt(IFF_UP); // ifi_change: only touch IFF_UP
        putAttribute(b, IFLA_MTU, mtu);
        return finish(b);
    }

    /**
     * RTM_NEWADDR, like {@code ip addr add}. IPv4 sets IFA_LOCAL and IFA_ADDRESS to the same address (not
     * point-to-point). IPv6 sets IFA_F_NODAD, in the header byte and in IFA_FLAGS, so the address is usable at
     * once instead of staying tentative.
     */
    static ByteBuffer newAddress(int seq, int ifindex, IpNetwork address) {
        ByteBuffer b = header(RTM_NEWADDR, NLM_F_REQUEST | NLM_F_ACK | NLM_F_CREATE | NLM_F_EXCL, seq);
        boolean v6 = address.isIpv6();
        b.put(v6 ? AF_INET6 : AF_INET);
        b.put((byte) address.prefixLength());
        b.put((byte) (v6 ? IFA_F_NODAD : 0));
        b.put(RT_SCOPE_UNIVERSE);
        b.putInt(ifindex);
        byte[] raw = address.address().getAddress();
        if (v6) {
            putAttribute(b, IFA_ADDRESS, raw);
            putAttribute(b, IFA_FLAGS, IFA_F_NODAD);
        } else {
            putAttribute(b, IFA_LOCAL, raw);
            putAttribute(b, IFA_ADDRESS, raw);
        }
        return finish(b);
    }

    /**
     * RTM_NEWROUTE, like {@code ip route add NET dev IF}: main table, static, link scope, unicast. The host
     * bits of {@code network} are cleared, since the kernel refuses them.
     */
    static ByteBuffer newRoute(int seq, int ifindex, IpNetwork network) {
        return route(RTM_NEWROUTE, NLM_F_REQUEST | NLM_F_ACK | NLM_F_CREATE | NLM_F_EXCL, seq, ifindex, network, null);
    }

    /** RTM_NEWROUTE with a next hop, like {@code ip route add NET via GATEWAY dev IF}: universe scope. */
    static ByteBuffer newRoute(int seq, int ifindex, IpNetwork network, InetAddress gateway) {
        return route(RTM_NEWROUTE, NLM_F_REQUEST | NLM_F_ACK | NLM_F_CREATE | NLM_F_EXCL, seq, ifindex, network,
                gateway);
    }

    /** RTM_DELROUTE for a route {@link #newRoute} added, like {@code ip route del NET dev IF}. */
    static ByteBuffer deleteRoute(int seq, int ifindex, IpNetwork network) {
        return route(RTM_DELROUTE, NLM_F_REQUEST | NLM_F_ACK, seq, ifindex, network, null);
    }

    private static ByteBuffer route(short type, int flags, int seq, int ifindex, IpNetwork network,
            InetAddress gateway) {
        ByteBuffer b = header(type, flags, seq);
        b.put(network.isIpv6() ? AF_INET6 : AF_INET);
        b.put((byte) network.prefixLength()); // rtm_dst_len
        b.put((byte) 0); // rtm_src_len
        b.put((byte) 0); // rtm_tos
        b.put(RT_TABLE_MAIN);
        b.put(RTPROT_STATIC);
        b.put(gateway == null ? RT_SCOPE_LINK : RT_SCOPE_UNIVERSE);
        b.put(RTN_UNICAST);
        b.putInt(0); // rtm_flags
        putAttribute(b, RTA_DST, networkBytes(network));
        putAttribute(b, RTA_OIF, ifindex);
        if (gateway != null) {
            putAttribute(b, RTA_GATEWAY, gateway.getAddress());
        }
        return finish(b);
    }

    /** The address with every bit past the prefix cleared. */
    static byte[] networkBytes(IpNetwork network) {
        byte[] raw = network.address().getAddress();
        int prefix = network.prefixLength();
        for (int i = 0; i < raw.length; i++) {
            int keep = Math.min(8, Math.max(0, prefix - i * 8));
            raw[i] &= (byte) (0xff00 >>> keep);
        }
        return raw;
    }

    /** The network as it would appear in a route: same prefix, host bits cleared. */
    static IpNetwork network(IpNetwork network) {
        try {
            return new IpNetwork(InetAddress.getByAddress(networkBytes(network)), network.prefixLength());
        } catch (UnknownHostException e) {
            throw new AssertionError("4 or 16 bytes are always an address", e);
        }
    }

    /**
     * Reads one NLMSG_ERROR payload (the 4-byte error, the echoed request, optional extended-ack attributes).
     *
     * @param message the whole reply message, position at its header, limit at its end
     * @return the outcome: errno 0 is a plain acknowledgement
     */
    static Ack decodeAck(ByteBuffer message) {
        ByteBuffer m = message.slice().order(ByteOrder.nativeOrder());
        short flags = m.getShort(6);
        int error = m.getInt(NLMSG_HDRLEN);
        String text = null;
        if ((flags & NLM_F_ACK_TLVS) != 0) {
            int echoed = (flags & NLM_F_CAPPED) != 0 ? NLMSG_HDRLEN : m.getInt(NLMSG_HDRLEN + 4);
            text = findStringAttribute(m, NLMSG_HDRLEN + 4 + align(echoed), NLMSGERR_ATTR_MSG);
        }
        return new Ack(-error, text);
    }

    /** A kernel acknowledgement: errno 0 on success, else the error and the kernel's optional explanation. */
    record Ack(int errno, String kernelMessage) {
    }

    static int align(int length) {
        return (length + 3) & ~3;
    }

    private static String findStringAttribute(ByteBuffer m, int offset, short type) {
        int end = Math.min(m.getInt(0), m.limit());
        while (offset + 4 <= end) {
            int len = Short.toUnsignedInt(m.getShort(offset));
            if (len < 4 || offset + len > end) {
                return null;
            }
            if (m.getShort(offset + 2) == type) {
                int n = len - 4;
                while (n > 0 && m.get(offset + 4 + n - 1) == 0) {
                    n--; // drop the C string's terminator
                }
                byte[] s = new byte[n];
                m.get(offset + 4, s);
                return new String(s, StandardCharsets.UTF_8);
            }
            offset += align(len);
        }
        return null;
    }

    private static ByteBuffer header(short type, int flags, int seq) {
        ByteBuffer b = ByteBuffer.allocate(MAX_REQUEST).order(ByteOrder.nativeOrder());
        b.putInt(0); // nlmsg_len, set by finish
        b.putShort(type);
        b.putShort((short) flags);
        b.putInt(seq);
        b.putInt(0); // nlmsg_pid: the kernel fills in ours
        return b;
    }

    private static void putAttribute(ByteBuffer b, short type, int value) {
        b.putShort((short) 8).putShort(type).putInt(value);
    }

    private static void putAttribute(ByteBuffer b, short type, byte[] value) {
        b.putShort((short) (4 + value.length)).putShort(type).put(value);
        b.position(align(b.position()));
    }

    private static ByteBuffer finish(ByteBuffer b) {
        b.putInt(0, b.position());
        return b.flip();
    }
}
