package org.gost4j.config.cli;

import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

import org.gost4j.support.auth.AutherEntry;
import org.gost4j.support.net.UserInfo;
import org.gost4j.support.options.OptionException;
import org.gost4j.support.options.TunnelOptions;
import org.gost4j.support.options.TunnelOptionsBuilder;

/**
 * A GOST service URL, {@code tun://[user:pass@][host]:port[/remotehost:port]?options} or {@code tap://...}: its
 * syntax only (scheme, user info, addresses, the query's encoding). The options themselves are checked by
 * {@link TunnelOptions}, as for every other entry point. A remote address makes the service a client.
 */
public final class ServiceUrl {

    private static final Set<String> SCHEMES = Set.of("tun", "tap");
    /** GOST's other spelling of the passphrase in a URL. */
    private static final Map<String, String> ALIASES = Map.of("token", "passphrase");

    private static final Pattern SECRET = Pattern.compile("((?:^|[?&])(?:passphrase|token)=)[^&#]*");
    private static final Pattern USERINFO_SECRET = Pattern.compile("^([a-zA-Z]+://[^:@/?]*:)[^@/?]*@");
    private static final Pattern UNSAFE_CHARS = Pattern.compile("[\\s\\p{Cntrl}]");

    private ServiceUrl() {
    }

    /**
     * @param index position of the URL among the {@code -L} options; names the service {@code service-<index>}
     * @param chain name of the chain a client's datagrams go through ({@code -F}), or null; its remote address
     *              may then lack a host ({@code tun://:0/:8421} means port 8421 of the last node)
     * @throws CliException naming the URL (passphrase hidden), the option and the reason
     */
    public static TunnelOptions parse(String url, int index, String chain) {
        try {
            return toOptions(url, index, chain);
        } catch (CliException | OptionException e) {
            throw new CliException("service URL '" + redact(url) + "': " + e.getMessage());
        }
    }

    private static TunnelOptions toOptions(String url, int index, String chain) {
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
        QueryOptions query = new QueryOptions(queryStart < 0 ? "" : rest.substring(queryStart + 1),
                TunnelOptions.OPTIONS, ALIASES);

        TunnelOptionsBuilder options = TunnelOptions.builder(serviceName(index), scheme);
        int slash = addresses.indexOf('/');
        options.listen(slash < 0 ? addresses : addresses.substring(0, slash));
        String remote = slash < 0 ? "" : addresses.substring(slash + 1);
        if (!remote.isEmpty()) {
            options.remote(remote);
            if (chain != null) {
                options.chain(chain);
            }
        }
        for (String option : query.names()) {
            options.option(option, TunnelOptions.LIST_OPTIONS.contains(option) ? query.list(option) : query.single(option).orElseThrow());
        }
        if (query.names().contains("auther") && userInfo != null) {
            throw OptionException.bad("auther", "give either auther= or user:password@, not both");
        }
        if (userInfo != null) {
            options.option("auther", serviceName(index));
        }
        return options.build();
    }

    /** The name of the {@code index}th {@code -L} service. */
    public static String serviceName(int index) {
        return "service-" + index;
    }

    /**
     * The {@code gost4j.auther} entries GOST makes of a URL's user info ({@code tun://user:pass@:8421}): one
     * {@code user:password} entry, for an auther named like the service; empty without user info. For a TUN
     * server the user is a client's tunnel IP and the password its passphrase; an IPv6 one is percent-encoded
     * as in GOST ({@code tun://fd00%3A123%3A%3A2:pass@:8421}).
     *
     * @throws CliException as {@link #parse}
     */
    public static Optional<String> autherEntryOf(String url) {
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
        try {
            return Optional.of(AutherEntry.format(userInfo[0], userInfo[1]));
        } catch (IllegalArgumentException e) {
            throw new CliException("service URL '" + redact(url) + "': " + e.getMessage());
        }
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
            return UserInfo.decode(text);
        } catch (IllegalArgumentException e) {
            throw new CliException("bad percent-encoding in the user info");
        }
    }

    private static String redact(String url) {
        return SECRET.matcher(USERINFO_SECRET.matcher(url).replaceFirst("$1***@")).replaceAll("$1***");
    }
}
