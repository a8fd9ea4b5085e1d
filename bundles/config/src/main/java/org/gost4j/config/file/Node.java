package org.gost4j.config.file;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * A value in the parsed document with its path ({@code services[0].listener.metadata.mtu}), so that every error
 * can say where it is. Type checks are strict: a number is not a string and a string is not a boolean.
 */
record Node(String path, Object value) {

    /** A reason about this node, for the caller to prefix with the file name. */
    IllegalArgumentException error(String reason) {
        return new IllegalArgumentException((path.isEmpty() ? "(document)" : path) + ": " + reason);
    }

    Node child(String key) {
        return new Node(path.isEmpty() ? key : path + "." + key, value instanceof Map<?, ?> m ? m.get(key) : null);
    }

    boolean isMissing() {
        return value == null;
    }

    /** The entries of a mapping; any key outside {@code allowed} is an error. */
    Map<String, Node> fields(Set<String> allowed) {
        Map<String, Node> fields = new LinkedHashMap<>();
        for (Map.Entry<String, Object> e : mapping().entrySet()) {
            if (!allowed.contains(e.getKey())) {
                throw child(e.getKey()).error("unknown key (expected one of " + String.join(", ", allowed) + ")");
            }
            fields.put(e.getKey(), child(e.getKey()));
        }
        return fields;
    }

    /** Metadata: keys compared in lower case, as GOST reads metadata; unknown keys are errors. */
    Map<String, Node> metadata(Set<String> allowedLowerCase) {
        Map<String, Node> fields = new LinkedHashMap<>();
        for (String key : mapping().keySet()) {
            String lower = key.toLowerCase(Locale.ROOT);
            if (!allowedLowerCase.contains(lower)) {
                throw child(key).error("unknown key (expected one of " + String.join(", ", allowedLowerCase) + ")");
            }
            if (fields.put(lower, child(key)) != null) {
                throw child(key).error("given twice (keys are not case-sensitive)");
            }
        }
        return fields;
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> mapping() {
        if (value == null) {
            return Map.of();
        }
        if (!(value instanceof Map<?, ?> map)) {
            throw error("expected a mapping, got " + describe());
        }
        for (Object key : map.keySet()) {
            if (!(key instanceof String)) {
                throw error("key " + key + " is not a string");
            }
        }
        return (Map<String, Object>) map;
    }

    List<Node> list() {
        if (value == null) {
            return List.of();
        }
        if (!(value instanceof List<?> items)) {
            throw error("expected a list, got " + describe());
        }
        List<Node> nodes = new ArrayList<>();
        for (int i = 0; i < items.size(); i++) {
            nodes.add(new Node(path + "[" + i + "]", items.get(i)));
        }
        return nodes;
    }

    String string() {
        if (!(value instanceof String text)) {
            throw error("expected a string, got " + describe());
        }
        return text;
    }

    /** A string, or a number written without quotes (an address such as {@code :8421} is a string anyway). */
    String scalar() {
        if (value instanceof Number || value instanceof String) {
            return value.toString();
        }
        throw error("expected a string, got " + describe());
    }

    String requiredString() {
        if (value == null) {
            throw error("is required");
        }
        String text = string();
        if (text.isBlank()) {
            throw error("must not be empty");
        }
        return text;
    }

    /** A scalar of any kind as text (metadata passed on unchanged). */
    String scalarOrBoolean() {
        if (value instanceof Boolean b) {
            return b.toString();
        }
        return scalar();
    }

    /** The keys of a mapping, unchecked. */
    Set<String> keys() {
        return mapping().keySet();
    }

    int integer() {
        if (value instanceof Integer i) {
            return i;
        }
        throw error("expected an integer, got " + describe());
    }

    boolean bool() {
        if (value instanceof Boolean b) {
            return b;
        }
        throw error("expected true or false, got " + describe());
    }

    /** A list of strings, or one string with comma-separated items (as GOST accepts both). */
    List<String> items() {
        List<String> items = new ArrayList<>();
        if (value instanceof String text) {
            for (String item : text.split(",")) {
                if (!item.isBlank()) {
                    items.add(item.trim());
                }
            }
            return items;
        }
        for (Node item : list()) {
            items.add(item.string().trim());
        }
        return items;
    }

    private String describe() {
        if (value == null) {
            return "nothing";
        }
        if (value instanceof Map) {
            return "a mapping";
        }
        if (value instanceof List) {
            return "a list";
        }
        String kind = value instanceof String ? "string" : value instanceof Boolean ? "boolean"
                : value instanceof Number ? "number" : value.getClass().getSimpleName();
        return kind + " '" + value + "'";
    }
}
