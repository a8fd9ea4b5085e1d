package org.gost4j.chain.relay.internal;

import java.net.InetSocketAddress;
import java.util.List;

import org.gost4j.support.net.HostPort;

/** A validated relay server configuration. */
record RelayServerSettings(String name, InetSocketAddress listen, RelayTransport transport, String path, boolean bind,
        Users users, String certFile, String keyFile, long handshakeMillis, List<String> targets, long idleMillis,
        int maxSessions, int maxSessionsPerSource) {

    /** @throws IllegalArgumentException naming the bad property (never a password) */
    static RelayServerSettings from(RelayServerConfig config) {
        String path = config.path().isEmpty() ? "/ws" : config.path();
        if (!path.startsWith("/")) {
            throw new IllegalArgumentException("path '" + path + "' must start with '/'");
        }
        if (!config.tls() && !config.websocket()) {
            throw new IllegalArgumentException("tls=false needs websocket=true (relay+ws); the bare stream is "
                    + "served over TLS only (relay+tls)");
        }
        if (config.cert_file().isEmpty() != config.key_file().isEmpty()) {
            throw new IllegalArgumentException("cert.file and key.file go together");
        }
        positive("handshake.timeout", config.handshake_timeout());
        positive("idle.timeout", config.idle_timeout());
        positive("sessions.max", config.sessions_max());
        positive("sessions.per.source", config.sessions_per_source());
        List<String> targets = config.targets().length == 0 ? List.of(TargetPolicy.TUNNELS) : List.of(config.targets());
        TargetPolicy.check(targets);
        return new RelayServerSettings(config.name(), HostPort.parse("listen", config.listen(), true),
                RelayTransport.of(config.tls(), config.websocket()), path, config.bind(), new Users(config.auths()),
                config.cert_file(), config.key_file(), config.handshake_timeout(), targets, config.idle_timeout(),
                config.sessions_max(), config.sessions_per_source());
    }

    private static void positive(String property, long value) {
        if (value <= 0) {
            throw new IllegalArgumentException(property + " must be positive, got " + value);
        }
    }

    boolean tls() {
        return transport.tls();
    }
}
