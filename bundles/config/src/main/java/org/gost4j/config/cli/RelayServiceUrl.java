package org.gost4j.config.cli;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import org.gost4j.support.auth.AutherEntry;
import org.gost4j.support.net.TargetPattern;
import org.gost4j.support.net.UserInfo;
import org.gost4j.support.options.GoDuration;

/**
 * A relay server, {@code relay+tls|ws|wss://[user:pass@][host]:port?bind=true&path=/ws&certFile=f&keyFile=k&targets=...},
 * turned into the properties of a {@code gost4j.relay} configuration (see ARCHITECTURE.md). The YAML relay service
 * goes through {@link #properties} too, so both are checked by one set of rules.
 */
public final class RelayServiceUrl {

    public static final String BIND = "bind";
    public static final String PATH = "path";
    public static final String CERT_FILE = "certFile";
    public static final String KEY_FILE = "keyFile";
    public static final String TARGETS = "targets";
    public static final String IDLE_TIMEOUT = "idleTimeout";
    public static final String SESSIONS = "sessions";
    public static final String SESSIONS_PER_SOURCE = "sessionsPerSource";
    /** The options, as URL query keys and YAML metadata keys, in the usage text's order. */
    public static final List<String> OPTIONS = List.of(BIND, PATH, CERT_FILE, KEY_FILE, TARGETS, IDLE_TIMEOUT, SESSIONS,
            SESSIONS_PER_SOURCE);

    /** The relay bundle's defaults (its metatype, PID gost4j.relay), for the usage text. */
    public static final int DEFAULT_IDLE_MINUTES = 5;
    public static final int DEFAULT_SESSIONS = 256;
    public static final int DEFAULT_SESSIONS_PER_SOURCE = 32;

    private RelayServiceUrl() {
    }

    public static boolean isRelay(String url) {
        int end = url.indexOf("://");
        return end > 0 && ChainUrl.SCHEMES.contains(url.substring(0, end).toLowerCase(Locale.ROOT));
    }

    public static Map<String, Object> parse(String url, int index) {
        try {
            return toProperties(url, index);
        } catch (CliException e) {
            throw new CliException("service URL '" + ChainUrl.redact(url) + "': " + e.getMessage());
        }
    }

    private static Map<String, Object> toProperties(String url, int index) {
        int schemeEnd = url.indexOf("://");
        String scheme = url.substring(0, schemeEnd).toLowerCase(Locale.ROOT);
        String rest = url.substring(schemeEnd + 3);
        int queryStart = rest.indexOf('?');
        String authority = queryStart < 0 ? rest : rest.substring(0, queryStart);
        QueryOptions query = new QueryOptions(queryStart < 0 ? "" : rest.substring(queryStart + 1), OPTIONS, Map.of());
        Map<String, String> options = new LinkedHashMap<>();
        for (String option : OPTIONS) {
            if (option.equals(TARGETS)) {
                List<String> targets = query.list(TARGETS);
                if (!targets.isEmpty()) {
                    options.put(TARGETS, String.join(",", targets));
                }
            } else {
                query.single(option).ifPresent(value -> options.put(option, value));
            }
        }
        List<String> auths = new ArrayList<>();
        int at = authority.lastIndexOf('@');
        if (at >= 0) {
            String info = authority.substring(0, at);
            int colon = info.indexOf(':');
            String user = decode(colon < 0 ? info : info.substring(0, colon));
            try {
                auths.add(AutherEntry.format(user, colon < 0 ? "" : decode(info.substring(colon + 1))));
            } catch (IllegalArgumentException e) {
                throw new CliException(e.getMessage());
            }
            authority = authority.substring(at + 1);
        }
        if (authority.endsWith("/")) {
            authority = authority.substring(0, authority.length() - 1);
        }
        int colon = authority.lastIndexOf(':');
        if (colon < 0 || !authority.substring(colon + 1).matches("\\d{1,5}")
                || Integer.parseInt(authority.substring(colon + 1)) > 65535) {
            throw new CliException("listen address '" + authority + "' needs a port (e.g. :8443)");
        }
        return properties("service-" + index, scheme, authority, options, auths);
    }

    /**
     * The {@code gost4j.relay} properties of a relay server.
     *
     * @param scheme  {@code relay+tls}, {@code relay+ws} or {@code relay+wss}
     * @param options option name (see {@link #OPTIONS}) to its text; {@code targets} comma-separated
     * @param auths   {@code user:password} entries; none: no authentication
     * @throws CliException naming the option ({@code option NAME: ...}), never a password
     */
    public static Map<String, Object> properties(String name, String scheme, String listen, Map<String, String> options,
            List<String> auths) {
        boolean tls = !scheme.equals("relay+ws");
        boolean websocket = !scheme.equals("relay+tls");
        Map<String, Object> props = new LinkedHashMap<>();
        props.put("name", name);
        props.put("listen", listen);
        props.put("tls", tls);
        props.put("websocket", websocket);
        String path = option(options, PATH, websocket, "relay+ws and relay+wss").orElse("/ws");
        if (!path.startsWith("/")) {
            throw new CliException("option path: '" + path + "' must start with '/'");
        }
        props.put("path", path);
        // a bare ?bind means true
        props.put("bind", Optional.ofNullable(options.get(BIND)).map(b -> b.isEmpty() || ChainUrl.bool(BIND, b))
                .orElse(false));
        props.put("auths", auths.toArray(String[]::new));
        String cert = option(options, CERT_FILE, tls, "relay+tls and relay+wss").orElse("");
        String key = option(options, KEY_FILE, tls, "relay+tls and relay+wss").orElse("");
        if (cert.isEmpty() != key.isEmpty()) {
            throw new CliException("options certFile and keyFile go together");
        }
        props.put("cert.file", cert);
        props.put("key.file", key);
        String targets = options.get(TARGETS);
        if (targets != null) {
            List<String> entries = new ArrayList<>();
            for (String entry : targets.split(",")) {
                if (!entry.isBlank()) {
                    try {
                        TargetPattern.parse(entry);
                    } catch (IllegalArgumentException e) {
                        throw new CliException("option targets: " + e.getMessage());
                    }
                    entries.add(entry.strip());
                }
            }
            if (entries.isEmpty()) {
                throw new CliException("option targets: empty (tunnels, host:port, CIDR:port, :port or *)");
            }
            props.put("targets", entries.toArray(String[]::new));
        }
        if (options.containsKey(IDLE_TIMEOUT)) {
            Duration idle;
            try {
                idle = GoDuration.parse(options.get(IDLE_TIMEOUT));
            } catch (IllegalArgumentException e) {
                throw new CliException("option idleTimeout: " + e.getMessage());
            }
            if (idle.toMillis() <= 0) {
                throw new CliException("option idleTimeout: must be at least 1ms");
            }
            props.put("idle.timeout", idle.toMillis());
        }
        positive(options, SESSIONS).ifPresent(n -> props.put("sessions.max", n));
        positive(options, SESSIONS_PER_SOURCE).ifPresent(n -> props.put("sessions.per.source", n));
        return props;
    }

    private static Optional<String> option(Map<String, String> options, String name, boolean allowed, String schemes) {
        String value = options.get(name);
        if (value != null && !allowed) {
            throw new CliException("option " + name + ": only for " + schemes);
        }
        return Optional.ofNullable(value);
    }

    private static Optional<Integer> positive(Map<String, String> options, String name) {
        String text = options.get(name);
        if (text == null) {
            return Optional.empty();
        }
        try {
            int n = Integer.parseInt(text);
            if (n > 0) {
                return Optional.of(n);
            }
        } catch (NumberFormatException notANumber) {
            // below
        }
        throw new CliException("option " + name + ": '" + text + "' is not a positive number");
    }

    private static String decode(String text) {
        try {
            return UserInfo.decode(text);
        } catch (IllegalArgumentException e) {
            throw new CliException("bad percent-encoding in the user info");
        }
    }
}
