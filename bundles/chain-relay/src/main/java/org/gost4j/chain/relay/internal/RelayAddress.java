package org.gost4j.chain.relay.internal;

import static org.gost4j.chain.relay.internal.RelayProtocol.*;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;

import io.netty.buffer.ByteBuf;
import io.netty.util.NetUtil;

/**
 * The data of the relay address feature: {@code ATYP(1) ADDR PORT(2)}, ADDR being 4 or 16 bytes, or a length
 * byte and a host name. GOST writes an address without a host ({@code :8421}) as an empty host name: the
 * server reads it as its own host.
 */
record RelayAddress(int type, String host, int port) {

    /**
     * The address a client asks for; a wildcard address becomes GOST's empty host name. An unresolved address
     * stays a host name unless it is an IP literal, which travels as an IP address (as GOST parses it).
     */
    static RelayAddress of(InetSocketAddress address) {
        int port = address.getPort();
        InetAddress ip = address.getAddress();
        if (address.isUnresolved()) {
            byte[] literal = NetUtil.createByteArrayFromIpAddressString(address.getHostString());
            if (literal == null) {
                return new RelayAddress(ATYP_DOMAIN, address.getHostString(), port);
            }
            try {
                ip = InetAddress.getByAddress(literal);
            } catch (UnknownHostException e) {
                throw new AssertionError(e); // 4 or 16 bytes are always an address
            }
        }
        if (ip.isAnyLocalAddress()) {
            return new RelayAddress(ATYP_DOMAIN, "", port);
        }
        return new RelayAddress(ip.getAddress().length == 4 ? ATYP_IPV4 : ATYP_IPV6, ip.getHostAddress(), port);
    }

    void encode(ByteBuf out) {
        out.writeByte(type);
        switch (type) {
            case ATYP_IPV4, ATYP_IPV6 -> out.writeBytes(literal());
            default -> {
                byte[] name = host.getBytes(StandardCharsets.UTF_8);
                out.writeByte(name.length);
                out.writeBytes(name);
            }
        }
        out.writeShort(port);
    }

    /** @param data exactly the feature's data */
    static RelayAddress decode(ByteBuf data) throws RelayException {
        if (data.readableBytes() < 4) {
            throw new RelayException(STATUS_BAD_REQUEST, "address feature too short");
        }
        int type = data.readUnsignedByte();
        String host;
        switch (type) {
            case ATYP_IPV4, ATYP_IPV6 -> {
                byte[] ip = new byte[type == ATYP_IPV4 ? 4 : 16];
                if (data.readableBytes() < ip.length + 2) {
                    throw new RelayException(STATUS_BAD_REQUEST, "address feature too short");
                }
                data.readBytes(ip);
                try {
                    host = InetAddress.getByAddress(ip).getHostAddress();
                } catch (UnknownHostException e) {
                    throw new AssertionError(e); // 4 or 16 bytes are always an address
                }
            }
            case ATYP_DOMAIN -> {
                int length = data.readUnsignedByte();
                if (data.readableBytes() < length + 2) {
                    throw new RelayException(STATUS_BAD_REQUEST, "address feature too short");
                }
                host = data.readCharSequence(length, StandardCharsets.UTF_8).toString();
            }
            default -> throw new RelayException(STATUS_BAD_REQUEST, "bad address type " + type);
        }
        return new RelayAddress(type, host, data.readUnsignedShort());
    }

    /**
     * Where the server sends: an empty host or a wildcard address means the server itself (loopback), as a Go
     * dialer does with {@code :port}.
     */
    InetSocketAddress toTarget() throws UnknownHostException {
        if (host.isEmpty()) {
            return new InetSocketAddress(InetAddress.getLoopbackAddress(), port);
        }
        InetAddress ip = InetAddress.getByName(host);
        return new InetSocketAddress(ip.isAnyLocalAddress() ? InetAddress.getLoopbackAddress() : ip, port);
    }

    private byte[] literal() {
        try {
            return InetAddress.getByName(host).getAddress();
        } catch (UnknownHostException e) {
            throw new IllegalStateException("not an IP literal: " + host, e);
        }
    }

    @Override
    public String toString() {
        return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port;
    }
}
