package org.gost4j.config.check;

import java.io.IOException;
import java.io.InputStream;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

import org.gost4j.api.tunnel.TunnelPids;
import org.gost4j.config.FactoryConfiguration;
import org.gost4j.support.net.HostPort;
import org.gost4j.support.options.TunnelOptions;

/**
 * What can be checked about configurations before they are applied, beyond their syntax (which their parsers
 * check): that server names resolve, that the files they name can be read, that no two of them listen on one
 * port or create one device, and that the ports they listen on are free. A configuration that passes can still
 * fail to start (a device the kernel refuses), but not for any of these reasons.
 */
public final class Preflight {

    /** TLS files are small: a certificate chain or key beyond this is not one. */
    private static final int PEM_MAX_BYTES = 1 << 20;

    private Preflight() {
    }

    /** A UDP (tunnel) or TCP (relay) port one service listens on; an empty host is every address. */
    public record Listen(String protocol, String host, int port, String service) {

        boolean clashes(Listen other) {
            return protocol.equals(other.protocol) && port == other.port && port != 0
                    && (host.isEmpty() || other.host.isEmpty() || host.equals(other.host));
        }

        @Override
        public String toString() {
            return protocol + " " + (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port;
        }
    }

    /**
     * @param services the configurations to apply
     * @param running  configurations the appliance runs and keeps (of other origins): {@code services} must not
     *                 listen where they do nor take their devices
     * @param holding  where the appliance's services listen now (those {@code services} may replace too): those
     *                 ports are not tried, as their own service holds them
     * @throws PreflightException naming the service and the reason, in one line
     */
    public static void check(List<FactoryConfiguration> services, List<FactoryConfiguration> running,
            Set<Listen> holding) {
        List<Listen> kept = new ArrayList<>();
        running.forEach(config -> listen(config).ifPresent(kept::add));
        List<Listen> wanted = new ArrayList<>();
        List<String[]> devices = new ArrayList<>();
        for (FactoryConfiguration config : running) {
            String device = deviceName(config);
            if (!device.isEmpty()) {
                devices.add(new String[] {device, config.name()});
            }
        }
        for (FactoryConfiguration config : services) {
            checkOne(config);
            listen(config).ifPresent(listen -> {
                for (Listen other : concat(kept, wanted)) {
                    if (listen.clashes(other)) {
                        throw new PreflightException(config.name() + ": listen address " + listen
                                + " is taken by service " + other.service());
                    }
                }
                wanted.add(listen);
            });
            String device = deviceName(config);
            if (!device.isEmpty()) {
                for (String[] other : devices) {
                    if (other[0].equals(device)) {
                        throw new PreflightException(config.name() + ": device " + device
                                + " is taken by service " + other[1]);
                    }
                }
                devices.add(new String[] {device, config.name()});
            }
        }
        for (Listen listen : wanted) {
            if (listen.port() != 0 && holding.stream().noneMatch(listen::clashes)) {
                free(listen);
            }
        }
    }

    /** Where the configurations listen. */
    public static Set<Listen> listens(List<FactoryConfiguration> configs) {
        return configs.stream().map(Preflight::listen).flatMap(Optional::stream).collect(Collectors.toSet());
    }

    /** Where a configuration listens: a tunnel on UDP, a relay server on TCP; empty for others. */
    public static Optional<Listen> listen(FactoryConfiguration config) {
        Object listen = config.properties().get("listen");
        if (listen == null || !(config.factoryPid().equals(TunnelPids.TUNNEL)
                || config.factoryPid().equals(TunnelPids.RELAY))) {
            return Optional.empty();
        }
        InetSocketAddress address;
        try {
            address = HostPort.parse("listen address", listen.toString().trim(), true, true);
        } catch (IllegalArgumentException e) {
            return Optional.empty(); // its component reports it
        }
        String host = address.getHostString();
        if (!address.isUnresolved() || host.equals("0.0.0.0") || host.equals("::")) {
            host = ""; // every address
        }
        return Optional.of(new Listen(config.factoryPid().equals(TunnelPids.TUNNEL) ? "udp" : "tcp", host,
                address.getPort(), config.name()));
    }

    private static void checkOne(FactoryConfiguration config) {
        Map<String, Object> props = config.properties();
        try {
            switch (config.factoryPid()) {
                case TunnelPids.TUNNEL -> TunnelOptions.fromProperties(props).resolveRemote();
                case TunnelPids.RELAY -> {
                    pem("certFile", props.get("cert.file"), "CERTIFICATE", "a PEM certificate");
                    pem("keyFile", props.get("key.file"), "PRIVATE KEY", "an unencrypted PKCS#8 PEM key"
                            + " (openssl pkcs8 -topk8 -nocrypt converts one)");
                }
                case TunnelPids.CHAIN -> {
                    for (String node : (String[]) props.getOrDefault("nodes", new String[0])) {
                        readable("caFile", queryValue(node, "caFile"));
                    }
                }
                default -> {
                    // nothing beyond its syntax
                }
            }
        } catch (IllegalArgumentException e) {
            throw new PreflightException(config.name() + ": " + e.getMessage());
        }
    }

    private static void readable(String option, Object value) {
        if (value == null || value.toString().isBlank()) {
            return;
        }
        Path file = Path.of(value.toString());
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException(option + " '" + file + "': " + (Files.exists(file)
                    ? "not a regular file" : "no such file"));
        }
        if (!Files.isReadable(file)) {
            throw new IllegalArgumentException(option + " '" + file + "': not readable");
        }
    }

    /**
     * The relay server's TLS files: what the relay reads them as (Netty takes PKCS#8 keys only), told here in one
     * line rather than at start, where a wrong file fails the component.
     */
    private static void pem(String option, Object value, String label, String wanted) {
        readable(option, value);
        if (value == null || value.toString().isBlank()) {
            return;
        }
        Path file = Path.of(value.toString());
        String text;
        try (InputStream in = Files.newInputStream(file)) {
            text = new String(in.readNBytes(PEM_MAX_BYTES), StandardCharsets.ISO_8859_1);
        } catch (IOException e) {
            throw new IllegalArgumentException(option + " '" + file + "': cannot read: " + e.getMessage());
        }
        if (!text.contains("-----BEGIN " + label + "-----")) {
            throw new IllegalArgumentException(option + " '" + file + "': not " + wanted);
        }
    }

    /** A query option of a node URL, decoded; null if absent or the URL is malformed (its parser says so). */
    private static String queryValue(String url, String key) {
        try {
            String query = new URI(url).getRawQuery();
            for (String pair : query == null ? new String[0] : query.split("&")) {
                int eq = pair.indexOf('=');
                if (eq > 0 && pair.substring(0, eq).equals(key)) {
                    return URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
                }
            }
        } catch (URISyntaxException | IllegalArgumentException e) {
            // the chain's own parser reports a malformed node
        }
        return null;
    }

    private static String deviceName(FactoryConfiguration config) {
        Object name = config.properties().get("device.name");
        return config.factoryPid().equals(TunnelPids.TUNNEL) && name != null ? name.toString().trim() : "";
    }

    /** Binds the port for a moment: the service would fail to bind it later. */
    private static void free(Listen listen) {
        InetSocketAddress address = listen.host().isEmpty() ? new InetSocketAddress(listen.port())
                : new InetSocketAddress(listen.host(), listen.port());
        if (address.isUnresolved()) { // bind would say no more than "Unresolved address"
            throw new PreflightException(listen.service() + ": listen address " + listen + ": cannot resolve host "
                    + listen.host());
        }
        try {
            if (listen.protocol().equals("udp")) {
                try (DatagramSocket socket = new DatagramSocket(null)) {
                    socket.bind(address);
                }
            } else {
                try (ServerSocket socket = new ServerSocket()) {
                    socket.setReuseAddress(true);
                    socket.bind(address);
                }
            }
        } catch (IOException e) {
            throw new PreflightException(listen.service() + ": listen address " + listen + ": port in use or not"
                    + " available (" + e.getMessage() + ")");
        }
    }

    private static List<Listen> concat(List<Listen> a, List<Listen> b) {
        List<Listen> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }
}
