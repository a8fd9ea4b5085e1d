package org.gost4j.chain.relay.internal;

import java.net.InetSocketAddress;
import org.gost4j.support.net.HostPort;

/** A validated relay server configuration. */
record RelayServerSettings(String name, InetSocketAddress listen, boolean tls, String path, boolean bind,
        Users users, String certFile, String keyFile, long handshakeMillis) {

    /** @throws IllegalArgumentException naming the bad property (never a password) */
    static RelayServerSettings from(RelayServerConfig config) {
        String path = config.path().isEmpty() ? "/ws" : config.path();
        if (!path.startsWith("/")) {
            throw new IllegalArgumentException("path '" + path + "' must start with '/'");
        }
        if (config.cert_file().isEmpty() != config.key_file().isEmpty()) {
            throw new IllegalArgumentException("cert.file and key.file go together");
        }
        if (config.handshake_timeout() <= 0) {
            throw new IllegalArgumentException("handshake.timeout must be positive");
        }
        return new RelayServerSettings(config.name(), HostPort.parse("listen", config.listen(), true), config.tls(),
                path, config.bind(), new Users(config.auths()), config.cert_file(), config.key_file(),
                config.handshake_timeout());
    }
}
