package org.gost4j.chain.relay.internal;

/** What a relay server counts and logs per connection, one kind each; the log lines of a kind are rate-limited. */
enum RelayEvent {
    SESSION_UP("session up", false),
    SESSION_DOWN("session down", false),
    IDLE("closed idle session", false),
    TOO_MANY("refused: too many connections", true),
    TOO_MANY_FROM_SOURCE("refused: too many connections from one address", true),
    NOT_TLS("refused: not TLS", true),
    BAD_HTTP("refused: bad HTTP request", true),
    HANDSHAKE_TIMEOUT("refused: handshake not done in time", true),
    BAD_REQUEST("refused: bad request", true),
    UNAUTHORIZED("refused: unauthorized", true),
    FORBIDDEN("refused: forbidden", true),
    UNREACHABLE("refused: target unreachable", true),
    BROKEN("closed: connection error", false);

    private final String text;
    private final boolean refusal;

    RelayEvent(String text, boolean refusal) {
        this.text = text;
        this.refusal = refusal;
    }

    String text() {
        return text;
    }

    boolean refusal() {
        return refusal;
    }

    /** The kind of a refusal answered with a relay status. */
    static RelayEvent ofStatus(int status) {
        return switch (status) {
            case RelayProtocol.STATUS_UNAUTHORIZED -> UNAUTHORIZED;
            case RelayProtocol.STATUS_FORBIDDEN -> FORBIDDEN;
            case RelayProtocol.STATUS_NETWORK_UNREACHABLE, 0x06 -> UNREACHABLE;
            default -> BAD_REQUEST;
        };
    }
}
