package org.gost4j.config.cli;

import static org.gost4j.config.cli.TunnelProperties.*;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A GOST service URL, {@code tun://[host]:port[/remotehost:port]?options} or {@code tap://...}, turned into the
 * properties of a {@code gost4j.tunnel} configuration. A remote address makes the service a client.
 */
public final class ServiceUrl {

    /** The URL spells the device.name property as GOST does. */
    private static final String DEVICE_NAME_OPTION = "name";
    private static final Set<String> SCHEMES = Set.of("tun", "tap");
    private static final Set<String> OPTIONS = new LinkedHashSet<>(List.of(
            NET, DEVICE_NAME_OPTION, MTU, BUFFER_SIZE, KEEPALIVE, TTL, ROUTE, GW, PASSPHRASE, ROUTES, P2P, AUTHER,
            ROUTER, OFFLOAD, PEER));
    private static final Map<String, String> ALIASES = Map.of("token", PASSPHRASE);

    private static final Pattern HOST_NAME = Pattern.compile("[A-Za-z0-9]([A-Za-z0-9_.-]*[A-Za-z0-9])?");
    private static final Pattern SECRET = Pattern.compile("((?:^|[?&])(?:passphrase|token)=)[^&#]*");
    private static final Pattern USERINFO_SECRET = Pattern.compile("^([a-zA-Z]+://[^:@/?]*:)[^@/?]*@");
    /** A name of an auther or router: what a service filter can quote without escaping. */
    private static final Pattern PLUGIN_NAME = Pattern.compile("[A-Za-z0-9_.-]+");
    private static final Pattern UNSAFE_CHARS = Pattern.compile("[\\s\\p{Cntrl}]");

    private ServiceUrl() {
    }

    /**
     * @param index position of the URL among the {@code -L} options; names the service {@code service-<index>}
     * @return the configuration properties, in the types ARCHITECTURE.md gives
     * @throws CliException naming the URL (passphrase hidden), the option and the reason
     */
    public static Map<String, Object> parse(String url, int index) {
        return parse(url, index, false);
    }

    /**
     * Like {@link #parse(String, int)} for a tunnel whose datagrams go through a chain: its remote address is
     * resolved by the last node, so it may lack a host ({@code tun://:0/:8421} means port 8421 of that node).
     */
    public static Map<String, Object> parseChained(String url, int index) {
        return parse(url, index, true);
    }

    private static Map<String, Object> parse(String url, int index, boolean chained) {
        try {
            return toProperties(url, index, chained);
        } catch (CliException e) {
            throw new CliException("service URL '" + redact(url) + "': " + e.getMessage());
        }
    }

    /**
     * Like {@link #parse} for a URL built from a configuration file: the error names the option
     * ({@code option mtu: ...}, {@code listen address ...}, {@code remote address ...}) without repeating the URL.
     */
    public static Map<String, Object> parseOptions(String url) {
        return toProperties(url, 0, false);
    }

    private static Map<String, Object> toProperties(String url, int index, boolean chained) {
        if (UNSAFE_CHARS.matcher(url).find()) {
            throw new CliException("contains whitespace or control characters");
        }
        int schemeEnd = url.indexOf("://");
        if (schemeEnd <= 0) {
            throw new CliException("expected tun://[host]:port[/remotehost:port]?options");
        }
        String scheme = url.substring(0, schemeEnd).toLowerCase(Locale.ROOT);
        if (!SCHEMES.contains(scheme)) {
            throw new CliException("unsupported scheme '" + scheme + "' (supported: tun, tap)");
        }
        String rest = url.substring(schemeEnd + 3);
        if (rest.indexOf('#') >= 0) {
            throw new CliException("'#' must be written as %23");
        }
        String[] userInfo = userInfo(rest);
        if (userInfo != null) {
            rest = rest.substring(rest.indexOf('@') + 1);
        }
        int queryStart = rest.indexOf('?');
        String addresses = queryStart < 0 ? rest : rest.substring(0, queryStart);
        QueryOptions options = new QueryOptions(queryStart < 0 ? "" : rest.substring(queryStart + 1), OPTIONS, ALIASES);

        Map<String, Object> props = new LinkedHashMap<>();
        props.put(NAME, "service-" + index);
        props.put(TYPE, scheme);
        int slash = addresses.indexOf('/');
        props.put(LISTEN, hostPort("listen address", slash < 0 ? addresses : addresses.substring(0, slash), true, true));
        String remote = slash < 0 ? "" : addresses.substring(slash + 1);
        if (!remote.isEmpty()) {
            props.put(REMOTE, hostPort("remote address", remote, false, chained));
        }
        String[] net = cidrs(NET, options);
        // A TUN peer is known by its tunnel address; a TAP device may well be a bridge port without one.
        if (scheme.equals("tun") && net.length == 0) {
            throw new CliException("option net is required for tun (e.g. net=192.168.123.1/24)");
        }
        props.put(NET, net);
        props.put(DEVICE_NAME, options.single(DEVICE_NAME_OPTION).map(ServiceUrl::deviceName).orElse(""));
        props.put(MTU, intOption(options, MTU, DEFAULT_MTU, 68, 65535));
        props.put(BUFFER_SIZE, intOption(options, BUFFER_SIZE, DEFAULT_BUFFER_SIZE, 1, 65535));
        props.put(KEEPALIVE, options.single(KEEPALIVE).map(k -> bool(KEEPALIVE, k)).orElse(false));
        props.put(TTL, options.single(TTL).map(ServiceUrl::ttlMillis).orElse(DEFAULT_TTL_MILLIS));
        props.put(ROUTE, cidrs(ROUTE, options));
        options.single(GW).ifPresent(gw -> props.put(GW, gateway(gw)));
        options.single(PEER).ifPresent(peer -> props.put(PEER, peer(peer)));
        options.single(PASSPHRASE).filter(p -> !p.isEmpty()).ifPresent(p -> props.put(PASSPHRASE_PROPERTY, truncate(p)));
        serverRouting(options, props);
        authentication(options, userInfo, index, props);
        // Written only when given: the tunnel's default (on) applies otherwise.
        options.single(OFFLOAD).ifPresent(v -> props.put(OFFLOAD, bool(OFFLOAD, v)));
        return props;
    }

    /**
     * The {@code gost4j.auther} configuration GOST makes of a URL's user info ({@code tun://user:pass@:8421}):
     * one entry, named {@code service-<index>}; empty without user info. For a TUN server the user is a
     * client's tunnel IP and the password its passphrase.
     *
     * @throws CliException as {@link #parse}
     */
    public static Optional<Map<String, Object>> autherOf(String url, int index) {
        String[] userInfo;
        try {
            int schemeEnd = url.indexOf("://");
            userInfo = schemeEnd <= 0 ? null : userInfo(url.substring(schemeEnd + 3));
        } catch (CliException e) {
            throw new CliException("service URL '" + redact(url) + "': " + e.getMessage());
        }
        if (userInfo == null) {
            return Optional.empty();
        }
        Map<String, Object> props = new LinkedHashMap<>();
        props.put(NAME, "service-" + index);
        props.put(AUTHS, new String[] {userInfo[0] + ":" + userInfo[1]});
        return Optional.of(props);
    }

    /** {user, password} of {@code user:password@} before the host, or null; percent-decoded. */
    private static String[] userInfo(String afterScheme) {
        int end = afterScheme.indexOf('?');
        String authority = end < 0 ? afterScheme : afterScheme.substring(0, end);
        int at = authority.lastIndexOf('@');
        if (at < 0) {
            return null;
        }
        String info = authority.substring(0, at);
        int colon = info.indexOf(':');
        String user = decode(colon < 0 ? info : info.substring(0, colon));
        String password = colon < 0 ? "" : decode(info.substring(colon + 1));
        if (user.isEmpty()) {
            throw new CliException("the user name before '@' is empty");
        }
        return new String[] {user, password};
    }

    private static String decode(String text) {
        try {
            return java.net.URLDecoder.decode(text.replace("+", "%2B"), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw new CliException("bad percent-encoding in the user info");
        }
    }

    /** GOST's server routing options: {@code routes}, {@code p2p}, {@code router} (a configured router's name). */
    private static void serverRouting(QueryOptions options, Map<String, Object> props) {
        List<String> routes = options.list(ROUTES);
        for (String route : routes) {
            String[] parts = route.split("\\s+");
            try {
                if (parts.length != 2) {
                    throw new CliException("'" + route + "' is not 'CIDR GATEWAY' (write the blank as %20)");
                }
                IpLiterals.checkCidr(parts[0]);
                IpLiterals.checkAddress(parts[1]);
            } catch (CliException e) {
                throw bad(ROUTES, e.getMessage());
            }
        }
        if (!routes.isEmpty()) {
            props.put(ROUTES, routes.stream().map(r -> String.join(" ", r.split("\\s+"))).toArray(String[]::new));
        }
        options.single(P2P).ifPresent(p2p -> props.put(P2P, bool(P2P, p2p)));
        options.single(ROUTER).ifPresent(name -> reference(props, ROUTER, ROUTER_TARGET, name));
    }

    /** {@code auther=name} refers to a configured auther; user info creates one (see {@link #autherOf}). */
    private static void authentication(QueryOptions options, String[] userInfo, int index, Map<String, Object> props) {
        Optional<String> auther = options.single(AUTHER);
        if (auther.isPresent() && userInfo != null) {
            throw bad(AUTHER, "give either auther= or user:password@, not both");
        }
        auther.ifPresent(name -> reference(props, AUTHER, AUTHER_TARGET, name));
        if (userInfo != null) {
            reference(props, AUTHER, AUTHER_TARGET, "service-" + index);
        }
    }

    private static void reference(Map<String, Object> props, String property, String target, String name) {
        if (!PLUGIN_NAME.matcher(name).matches()) {
            throw bad(property, "'" + name + "' is not a name (letters, digits, '.', '_', '-')");
        }
        props.put(property, name);
        props.put(target, "(name=" + name + ")");
    }

    /** Checks {@code host:port} or {@code [ipv6]:port} and returns it unchanged. */
    private static String hostPort(String what, String text, boolean server, boolean hostOptional) {
        String host;
        String port;
        if (text.startsWith("[")) {
            int end = text.indexOf(']');
            if (end < 0) {
                throw new CliException(what + " '" + text + "': missing ']'");
            }
            host = text.substring(1, end);
            if (!IpLiterals.isIpv6(host)) {
                throw new CliException(what + " '" + text + "': only IPv6 addresses go in brackets");
            }
            if (!text.startsWith(":", end + 1)) {
                throw new CliException(what + " '" + text + "': missing port (e.g. [" + host + "]:8421)");
            }
            port = text.substring(end + 2);
        } else {
            int colon = text.lastIndexOf(':');
            if (colon < 0) {
                throw new CliException(what + " '" + text + "': missing port (e.g. " + text + ":8421)");
            }
            host = text.substring(0, colon);
            port = text.substring(colon + 1);
            if (host.indexOf(':') >= 0) {
                throw new CliException(what + " '" + text + "': write IPv6 addresses in brackets ([::1]:8421)");
            }
        }
        try {
            if (IpLiterals.isIpv6(host)) {
                IpLiterals.checkAddress(host);
            } else if (!host.isEmpty() && !HOST_NAME.matcher(host).matches()) {
                throw new CliException("'" + host + "' is not a host name or IP address");
            }
        } catch (CliException e) {
            throw new CliException(what + " '" + text + "': " + e.getMessage());
        }
        if (host.isEmpty() && !hostOptional) {
            throw new CliException(what + " '" + text + "': missing host");
        }
        int min = server ? 0 : 1;
        if (!port.matches("\\d{1,5}") || Integer.parseInt(port) < min || Integer.parseInt(port) > 65535) {
            throw new CliException(what + " '" + text + "': port '" + port + "' is not in " + min + "..65535");
        }
        return text;
    }

    private static String[] cidrs(String name, QueryOptions options) {
        List<String> items = options.list(name);
        for (String cidr : items) {
            try {
                IpLiterals.checkCidr(cidr);
            } catch (CliException e) {
                throw bad(name, e.getMessage());
            }
        }
        return items.toArray(String[]::new);
    }

    private static String gateway(String gw) {
        try {
            IpLiterals.checkAddress(gw);
            return gw;
        } catch (CliException e) {
            throw bad(GW, e.getMessage());
        }
    }

    private static String peer(String peer) {
        try {
            IpLiterals.checkAddress(peer);
            return peer;
        } catch (CliException e) {
            throw bad(PEER, e.getMessage());
        }
    }

    private static String deviceName(String name) {
        if (name.length() > DEVICE_NAME_MAX) {
            throw bad(DEVICE_NAME_OPTION, "'" + name + "' is longer than " + DEVICE_NAME_MAX + " characters");
        }
        if (name.equals(".") || name.equals("..") || !name.matches("[^/:\\s]*")) {
            throw bad(DEVICE_NAME_OPTION, "'" + name + "' is not a valid interface name (no '/', ':' or blanks)");
        }
        return name;
    }

    private static int intOption(QueryOptions options, String name, int defaultValue, int min, int max) {
        String text = options.single(name).orElse(null);
        if (text == null) {
            return defaultValue;
        }
        if (!text.matches("\\d{1,9}")) {
            throw bad(name, "'" + text + "' is not a number");
        }
        int value = Integer.parseInt(text);
        if (value < min || value > max) {
            throw bad(name, "'" + text + "' is not in " + min + ".." + max);
        }
        return value;
    }

    /** Accepts what Go's {@code strconv.ParseBool} accepts. */
    private static Boolean bool(String option, String text) {
        return switch (text) {
            case "1", "t", "T", "true", "TRUE", "True" -> true;
            case "0", "f", "F", "false", "FALSE", "False" -> false;
            default -> throw bad(option, "'" + text + "' is not true or false");
        };
    }

    /** GOST reads a bare integer as seconds, anything else as a Go duration. */
    private static Long ttlMillis(String text) {
        Duration ttl;
        try {
            ttl = text.matches("\\d{1,9}") ? Duration.ofSeconds(Long.parseLong(text)) : GoDuration.parse(text);
        } catch (CliException e) {
            throw bad(TTL, e.getMessage());
        }
        if (ttl.toMillis() < 1) {
            throw bad(TTL, "'" + text + "' must be at least 1ms");
        }
        return ttl.toMillis();
    }

    /** Cuts to the bytes GOST sends, without splitting a UTF-8 character. */
    private static String truncate(String passphrase) {
        String cut = passphrase;
        while (cut.getBytes(StandardCharsets.UTF_8).length > PASSPHRASE_MAX_BYTES) {
            cut = cut.substring(0, cut.offsetByCodePoints(cut.length(), -1));
        }
        return cut;
    }

    private static String redact(String url) {
        return SECRET.matcher(USERINFO_SECRET.matcher(url).replaceFirst("$1***@")).replaceAll("$1***");
    }

    private static CliException bad(String option, String reason) {
        return new CliException("option " + option + ": " + reason);
    }
}
