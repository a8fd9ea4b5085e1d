package org.gost4j.chain.relay.internal;

/**
 * Constants of the GOST relay protocol, version 1 (go-gost/relay). A request is
 * {@code VER(1) CMD/FLAGS(1) FEALEN(2) FEATURES}, a response {@code VER(1) STATUS(1) FEALEN(2) FEATURES}; a
 * feature is {@code TYPE(1) LEN(2) DATA}. All numbers are big-endian. After a UDP request each datagram travels
 * over the stream as {@code LEN(2) DATA}.
 */
final class RelayProtocol {

    static final int VERSION = 0x01;

    static final int CMD_CONNECT = 0x01;
    static final int CMD_BIND = 0x02;
    static final int CMD_MASK = 0x0F;
    /** Flag: the request is about UDP. */
    static final int FLAG_UDP = 0x80;

    static final int STATUS_OK = 0x00;
    static final int STATUS_BAD_REQUEST = 0x01;
    static final int STATUS_UNAUTHORIZED = 0x02;
    static final int STATUS_FORBIDDEN = 0x03;
    static final int STATUS_SERVICE_UNAVAILABLE = 0x05;
    static final int STATUS_NETWORK_UNREACHABLE = 0x07;

    static final int FEATURE_USER_AUTH = 0x01;
    static final int FEATURE_ADDR = 0x02;
    static final int FEATURE_TUNNEL = 0x03;
    static final int FEATURE_NETWORK = 0x04;

    static final int ATYP_IPV4 = 0x01;
    static final int ATYP_DOMAIN = 0x03;
    static final int ATYP_IPV6 = 0x04;

    /** Network ID of the network feature meaning UDP. */
    static final int NETWORK_UDP = 0x0001;

    static final int HEADER_BYTES = 4;
    static final int FEATURE_HEADER_BYTES = 3;
    static final int DATAGRAM_LENGTH_BYTES = 2;
    static final int MAX_DATAGRAM = 0xFFFF;

    private RelayProtocol() {
    }

    static String statusText(int status) {
        return switch (status) {
            case STATUS_OK -> "ok";
            case STATUS_BAD_REQUEST -> "bad request";
            case STATUS_UNAUTHORIZED -> "unauthorized";
            case STATUS_FORBIDDEN -> "forbidden";
            case 0x04 -> "timeout";
            case STATUS_SERVICE_UNAVAILABLE -> "service unavailable";
            case 0x06 -> "host unreachable";
            case STATUS_NETWORK_UNREACHABLE -> "network unreachable";
            case 0x08 -> "internal server error";
            default -> "status " + status;
        };
    }
}
