package org.gost4j.chain.relay.internal;

import static org.gost4j.chain.relay.internal.RelayProtocol.*;

import java.nio.charset.StandardCharsets;

import io.netty.buffer.ByteBuf;

/**
 * A relay request: command and flags, and the features our peers use (user authentication, target address,
 * network). The password is never part of {@link #toString()}.
 */
record RelayRequest(int command, String username, String password, RelayAddress address, int network) {

    /** No network feature. */
    static final int NO_NETWORK = -1;

    boolean isUdp() {
        return (command & FLAG_UDP) != 0 || network == NETWORK_UDP;
    }

    int commandCode() {
        return command & CMD_MASK;
    }

    /** Writes the request as GOST's connector does: user auth first, then the address. */
    void encode(ByteBuf out) {
        out.writeByte(VERSION);
        out.writeByte(command);
        int lengthIndex = out.writerIndex();
        out.writeShort(0);
        int start = out.writerIndex();
        if (username != null) {
            byte[] user = username.getBytes(StandardCharsets.UTF_8);
            byte[] pass = password == null ? new byte[0] : password.getBytes(StandardCharsets.UTF_8);
            if (user.length > 255 || pass.length > 255) {
                throw new IllegalArgumentException("relay user name and password are limited to 255 bytes each");
            }
            out.writeByte(FEATURE_USER_AUTH);
            out.writeShort(2 + user.length + pass.length);
            out.writeByte(user.length).writeBytes(user);
            out.writeByte(pass.length).writeBytes(pass);
        }
        if (address != null) {
            out.writeByte(FEATURE_ADDR);
            int featureLength = out.writerIndex();
            out.writeShort(0);
            address.encode(out);
            out.setShort(featureLength, out.writerIndex() - featureLength - 2);
        }
        if (network != NO_NETWORK) {
            out.writeByte(FEATURE_NETWORK).writeShort(2).writeShort(network);
        }
        out.setShort(lengthIndex, out.writerIndex() - start);
    }

    /**
     * Reads a request if the whole of it is readable; otherwise leaves {@code in} untouched.
     *
     * @return null when more bytes are needed
     * @throws RelayException for a bad version or malformed features (status: bad request)
     */
    static RelayRequest decode(ByteBuf in) throws RelayException {
        if (in.readableBytes() >= 1 && in.getUnsignedByte(in.readerIndex()) != VERSION) {
            throw new RelayException(STATUS_BAD_REQUEST,
                    "bad relay version " + in.getUnsignedByte(in.readerIndex()) + " (expected 1)");
        }
        if (in.readableBytes() < HEADER_BYTES) {
            return null;
        }
        int featuresLength = in.getUnsignedShort(in.readerIndex() + 2);
        if (in.readableBytes() < HEADER_BYTES + featuresLength) {
            return null;
        }
        in.skipBytes(1);
        int command = in.readUnsignedByte();
        in.skipBytes(2);
        ByteBuf features = in.readSlice(featuresLength);
        String username = null;
        String password = null;
        RelayAddress address = null;
        int network = NO_NETWORK;
        while (features.isReadable()) {
            if (features.readableBytes() < FEATURE_HEADER_BYTES) {
                throw new RelayException(STATUS_BAD_REQUEST, "truncated feature header");
            }
            int type = features.readUnsignedByte();
            int length = features.readUnsignedShort();
            if (features.readableBytes() < length) {
                throw new RelayException(STATUS_BAD_REQUEST, "feature " + type + " longer than the request");
            }
            ByteBuf data = features.readSlice(length);
            switch (type) {
                case FEATURE_USER_AUTH -> {
                    username = lengthPrefixed(data, "user name");
                    password = lengthPrefixed(data, "password");
                }
                case FEATURE_ADDR -> address = RelayAddress.decode(data);
                case FEATURE_NETWORK -> {
                    if (length < 2) {
                        throw new RelayException(STATUS_BAD_REQUEST, "network feature too short");
                    }
                    network = data.readUnsignedShort();
                }
                case FEATURE_TUNNEL -> {
                    // a tunnel ID: only meaningful to GOST's reverse tunnels, which we do not serve
                }
                default -> throw new RelayException(STATUS_BAD_REQUEST, "unknown feature type " + type);
            }
        }
        return new RelayRequest(command, username, password, address, network);
    }

    private static String lengthPrefixed(ByteBuf data, String what) throws RelayException {
        if (!data.isReadable() || data.readableBytes() < 1 + data.getUnsignedByte(data.readerIndex())) {
            throw new RelayException(STATUS_BAD_REQUEST, "user auth feature: truncated " + what);
        }
        return data.readCharSequence(data.readUnsignedByte(), StandardCharsets.UTF_8).toString();
    }

    /** A response without features: {@code 01 STATUS 00 00}. */
    static void encodeResponse(int status, ByteBuf out) {
        out.writeByte(VERSION).writeByte(status).writeShort(0);
    }

    /**
     * Reads a whole response if readable (its features are skipped).
     *
     * @return the status, or -1 when more bytes are needed
     * @throws RelayException for a bad version
     */
    static int decodeResponse(ByteBuf in) throws RelayException {
        if (in.readableBytes() < HEADER_BYTES) {
            return -1;
        }
        int version = in.getUnsignedByte(in.readerIndex());
        if (version != VERSION) {
            throw new RelayException(STATUS_BAD_REQUEST, "bad relay version " + version + " in the response");
        }
        int featuresLength = in.getUnsignedShort(in.readerIndex() + 2);
        if (in.readableBytes() < HEADER_BYTES + featuresLength) {
            return -1;
        }
        int status = in.getUnsignedByte(in.readerIndex() + 1);
        in.skipBytes(HEADER_BYTES + featuresLength);
        return status;
    }

    @Override
    public String toString() {
        return "relay request cmd=0x" + Integer.toHexString(command) + (username == null ? "" : " user=" + username)
                + (address == null ? "" : " address=" + address)
                + (network == NO_NETWORK ? "" : " network=" + network);
    }
}
