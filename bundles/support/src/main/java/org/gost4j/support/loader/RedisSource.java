package org.gost4j.support.loader;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.gost4j.support.net.HostPort;

import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.exceptions.JedisException;

/**
 * GOST's {@code redis} loader through Jedis: a hash (each field and value one {@code field value} entry, GOST's
 * default and what authers read), a set or a list at {@code key} (GOST's default key {@value #DEFAULT_KEY}).
 * Each load opens its own connection and closes it: a reload every few seconds costs one TCP handshake, and no
 * connection is left half-broken while Redis is away.
 */
public final class RedisSource implements Source {

    public static final String DEFAULT_KEY = "gost";
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(5);

    /** How the entries are stored at the key. */
    public enum Type {
        HASH, SET, LIST;

        /** GOST's {@code type}: {@code set}, {@code list}, anything else (or nothing) a hash. */
        public static Type of(String text) {
            return switch (text == null ? "" : text.trim().toLowerCase(Locale.ROOT)) {
                case "set" -> SET;
                case "list" -> LIST;
                case "", "hash" -> HASH;
                default -> throw new IllegalArgumentException("redis type '" + text + "' is not hash, set or list");
            };
        }
    }

    /** Where and how to connect; {@code password} and {@code username} may be empty. */
    public record Settings(String addr, int db, String username, String password, String key, Type type,
            Duration timeout) {
    }

    private final HostAndPort address;
    private final Settings settings;
    private final String key;
    private final DefaultJedisClientConfig config;

    /** @throws IllegalArgumentException if the address is not {@code host:port} or the database is negative */
    public RedisSource(Settings settings) {
        InetSocketAddress parsed = HostPort.parse("redis addr", settings.addr().trim(), false);
        this.address = new HostAndPort(parsed.getHostString(), parsed.getPort());
        if (settings.db() < 0) {
            throw new IllegalArgumentException("redis db " + settings.db() + " is negative");
        }
        this.settings = settings;
        this.key = settings.key() == null || settings.key().isBlank() ? DEFAULT_KEY : settings.key();
        int timeout = (int) Math.min(Integer.MAX_VALUE, (settings.timeout() == null || settings.timeout().isZero()
                ? DEFAULT_TIMEOUT : settings.timeout()).toMillis());
        this.config = DefaultJedisClientConfig.builder()
                .connectionTimeoutMillis(timeout)
                .socketTimeoutMillis(timeout)
                .database(settings.db())
                .user(blankToNull(settings.username()))
                .password(blankToNull(settings.password()))
                .clientName("gost4j")
                .build();
    }

    @Override
    public String describe() {
        return "redis " + address.getHost() + ":" + address.getPort() + " db " + settings.db() + " "
                + settings.type().name().toLowerCase(Locale.ROOT) + " " + key;
    }

    @Override
    public List<String> load() throws IOException {
        try (Jedis jedis = new Jedis(address, config)) {
            return switch (settings.type()) {
                case HASH -> lines(jedis.hgetAll(key));
                case SET -> new ArrayList<>(jedis.smembers(key));
                case LIST -> jedis.lrange(key, 0, -1);
            };
        } catch (JedisException e) {
            // Jedis' messages name the address and the Redis error (WRONGTYPE, NOAUTH), never the password; the
            // loader's line names the source
            throw new IOException(e.getMessage(), e);
        }
    }

    private static List<String> lines(Map<String, String> hash) {
        List<String> lines = new ArrayList<>(hash.size());
        hash.forEach((field, value) -> lines.add(field + " " + value));
        return lines;
    }

    private static String blankToNull(String text) {
        return text == null || text.isEmpty() ? null : text;
    }
}
