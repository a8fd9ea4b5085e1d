package org.gost4j.config.cli;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** The {@code ?key=value&...} part of a service URL, decoded like Go's {@code url.ParseQuery}. */
final class QueryOptions {

    private final Map<String, List<String>> values = new LinkedHashMap<>();
    private final Map<String, String> spellings = new HashMap<>();

    /**
     * @param known   the accepted option names, in the order an error lists them
     * @param aliases other spellings of an option, mapped to its name
     */
    QueryOptions(String query, Collection<String> known, Map<String, String> aliases) {
        for (String pair : query.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String key = decode(eq < 0 ? pair : pair.substring(0, eq));
            String value = eq < 0 ? "" : decode(pair.substring(eq + 1));
            String name = aliases.getOrDefault(key, key);
            if (!known.contains(name)) {
                throw new CliException("unknown option '" + key + "' (known: " + String.join(", ", known) + ")");
            }
            String firstSpelling = spellings.putIfAbsent(name, key);
            if (firstSpelling != null && !firstSpelling.equals(key)) {
                throw new CliException("options " + firstSpelling + " and " + key + " mean the same; give only one");
            }
            values.computeIfAbsent(name, k -> new ArrayList<>()).add(value);
        }
    }

    /** The options given, in the order of their first appearance, by their own names (not aliases). */
    Set<String> names() {
        return values.keySet();
    }

    /** The value of a single-valued option. */
    Optional<String> single(String name) {
        List<String> list = values.get(name);
        if (list == null) {
            return Optional.empty();
        }
        if (list.size() > 1) {
            throw new CliException("option " + name + " is given more than once");
        }
        return Optional.of(list.get(0));
    }

    /** The items of a list option: comma-separated, repeatable, blanks trimmed and empty items skipped (as GOST). */
    List<String> list(String name) {
        List<String> items = new ArrayList<>();
        for (String value : values.getOrDefault(name, List.of())) {
            for (String item : value.split(",")) {
                if (!item.isBlank()) {
                    items.add(item.trim());
                }
            }
        }
        return items;
    }

    private static String decode(String text) {
        try {
            return URLDecoder.decode(text, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw new CliException("bad percent-encoding in '" + text + "'");
        }
    }
}
