package org.gost4j.support.loader;

import java.io.IOException;
import java.util.List;

/**
 * One place entries are loaded from, as GOST's loaders: a file, a Redis key or an HTTP URL. Each load reads
 * the whole source again; the caller merges and parses the lines.
 */
public interface Source {

    /** The source for log lines and management, never with a password: {@code redis 127.0.0.1:6379 db 0 key gost}. */
    String describe();

    /**
     * The source's entries as text lines ({@code user password}, {@code CIDR GATEWAY}), comments and blank lines
     * still in. Bounded in time by the source's timeout and in size by {@link #MAX_BYTES}.
     *
     * @throws IOException naming what failed, never with a password
     */
    List<String> load() throws IOException;

    /** A source larger than this is refused rather than read into memory. */
    int MAX_BYTES = 4 * 1024 * 1024;
}
