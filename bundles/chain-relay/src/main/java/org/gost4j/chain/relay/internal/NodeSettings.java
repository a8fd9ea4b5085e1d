package org.gost4j.chain.relay.internal;

import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.gost4j.support.net.HostPort;
import org.gost4j.support.net.UserInfo;
import org.gost4j.support.options.GoBool;

/**
 * One chain node, from a URL such as {@code relay+wss://user:pass@host:8443?path=/ws&secure=true&serverName=x}
 * ({@code relay+tls}, {@code relay+ws} and {@code relay+wss}). {@link #toString()} leaves the password out.
 */
record NodeSettings(RelayTransport transport, String host, int port, String username, String password, String path,
        boolean secure, String serverName, String caFile) {

    private static final List<String> OPTIONS = List.of("path", "secure", "serverName", "caFile");

    /** @throws IllegalArgumentException with a message that never contains the password */
    static NodeSettings parse(String url) {
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("chain node URL is malformed at index " + e.getIndex());
        }
        RelayTransport transport;
        try {
            transport = RelayTransport.ofScheme(uri.getScheme());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("chain node " + e.getMessage());
        }
        InetSocketAddress address = hostPort(uri);
        String username = null;
        String password = null;
        if (uri.getRawUserInfo() != null) {
            String info = uri.getRawUserInfo();
            int colon = info.indexOf(':');
            username = UserInfo.decode(colon < 0 ? info : info.substring(0, colon));
            password = colon < 0 ? "" : UserInfo.decode(info.substring(colon + 1));
        }
        Map<String, String> options = options(uri.getRawQuery());
        String host = address.getHostString();
        String path = options.getOrDefault("path", "/ws");
        if (!path.startsWith("/")) {
            throw new IllegalArgumentException("chain node option path '" + path + "' must start with '/'");
        }
        if (options.containsKey("path") && !transport.websocket()) {
            throw new IllegalArgumentException("chain node option path is for relay+ws and relay+wss only");
        }
        return new NodeSettings(transport, host, address.getPort(), username, password, path,
                bool(options.getOrDefault("secure", "true")), options.getOrDefault("serverName", ""),
                options.getOrDefault("caFile", ""));
    }

    /** The node's host and port; the host as written (a name with '_' too, which URI takes for no host). */
    private static InetSocketAddress hostPort(URI uri) {
        String authority = uri.getRawAuthority() == null ? "" : uri.getRawAuthority();
        try {
            return HostPort.parse("chain node", authority.substring(authority.lastIndexOf('@') + 1), false);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("chain node needs host:port (e.g. relay+wss://10.0.0.1:8443)");
        }
    }

    private static Map<String, String> options(String query) {
        Map<String, String> options = new LinkedHashMap<>();
        if (query == null) {
            return options;
        }
        for (String pair : query.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String key = decode(eq < 0 ? pair : pair.substring(0, eq));
            if (!OPTIONS.contains(key)) {
                throw new IllegalArgumentException("unknown chain node option '" + key + "' (known: " + String.join(", ", OPTIONS) + ")");
            }
            options.put(key, eq < 0 ? "" : decode(pair.substring(eq + 1)));
        }
        return options;
    }

    private static boolean bool(String text) {
        try {
            return GoBool.parse(text);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("chain node option secure: " + e.getMessage());
        }
    }

    private static String decode(String text) {
        return URLDecoder.decode(text, StandardCharsets.UTF_8);
    }

    boolean tls() {
        return transport.tls();
    }

    boolean websocket() {
        return transport.websocket();
    }

    /** The node's address as a relay request names it for the hop before: an IP literal or a host name. */
    RelayAddress relayAddress() {
        return RelayAddress.of(InetSocketAddress.createUnresolved(host, port));
    }

    /** The name the TLS handshake sends and checks: serverName, else the host. */
    String tlsName() {
        return serverName.isEmpty() ? host : serverName;
    }

    URI webSocketUri() {
        String authority = host.indexOf(':') >= 0 ? "[" + host + "]:" + port : host + ":" + port;
        return URI.create((tls() ? "wss://" : "ws://") + authority + path);
    }

    @Override
    public String toString() {
        return transport.scheme() + "://" + (username == null ? "" : username + ":***@")
                + (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port + (transport.websocket() ? path : "");
    }
}
