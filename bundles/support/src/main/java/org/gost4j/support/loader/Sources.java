package org.gost4j.support.loader;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.gost4j.support.options.GoDuration;

/**
 * Builds the loaders of an auther or a router from its configuration properties, in GOST's order (file, Redis,
 * HTTP: later sources win for an auther's users), refusing bad values with a message naming the property.
 */
public final class Sources {

    private Sources() {
    }

    /**
     * @param file a path, or empty for none
     * @param redis the Redis settings, or null for none
     * @param httpUrl a URL, or empty for none
     * @throws IllegalArgumentException naming the property that is wrong
     */
    public static List<Source> of(String file, RedisSource.Settings redis, String httpUrl, Duration httpTimeout) {
        List<Source> sources = new ArrayList<>();
        if (file != null && !file.isBlank()) {
            sources.add(new FileSource(Path.of(file.trim())));
        }
        if (redis != null && redis.addr() != null && !redis.addr().isBlank()) {
            try {
                sources.add(new RedisSource(redis));
            } catch (LinkageError e) {
                throw new IllegalArgumentException("redis.addr is set but the Redis client bundles are not installed"
                        + " (redis.clients.jedis)");
            }
        }
        if (httpUrl != null && !httpUrl.isBlank()) {
            sources.add(new HttpSource(httpUrl, httpTimeout));
        }
        return sources;
    }

    /**
     * A Go duration ({@code 30s}, {@code 1m}) or a bare number of seconds, as GOST's YAML allows; empty is zero.
     *
     * @throws IllegalArgumentException naming {@code property}
     */
    public static Duration duration(String property, String text) {
        if (text == null || text.isBlank()) {
            return Duration.ZERO;
        }
        String trimmed = text.trim();
        try {
            Duration duration = GoDuration.parseOrSeconds(trimmed);
            if (duration.isNegative()) {
                throw new IllegalArgumentException("'" + text + "' is negative");
            }
            return duration;
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(property + ": " + e.getMessage());
        }
    }
}
