package org.gost4j.config.file;

import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * GOST's {@code log: {level, format, output}}: how the appliance logs. A value not given is null (the
 * appliance's default). The launcher applies it at start, since logging belongs to the whole process; a live
 * reload of the file checks it with the rest and applies it at the next start.
 *
 * @param level  {@code trace debug info warn error fatal} (GOST's)
 * @param format {@code text} (gost4j's line) or {@code json} (one object per line, as GOST's default)
 * @param output {@code stderr}, {@code stdout}, {@code none} (or GOST's {@code null}), else a file path (appended)
 */
public record LogSettings(String level, String format, String output) {

    private static final List<String> LEVELS = List.of("trace", "debug", "info", "warn", "error", "fatal");
    private static final List<String> FORMATS = List.of("text", "json");
    public static final LogSettings NONE = new LogSettings(null, null, null);

    /** The section of a document, checked; {@link #NONE} when there is none. */
    static LogSettings of(Node section) {
        if (section.isMissing()) {
            return NONE;
        }
        Map<String, Node> fields = section.fields(Sections.set("level", "format", "output", "rotation"));
        if (fields.containsKey("rotation")) {
            throw fields.get("rotation").error("not supported (rotate the file with logrotate's copytruncate)");
        }
        return new LogSettings(oneOf(fields.get("level"), LEVELS), oneOf(fields.get("format"), FORMATS),
                fields.containsKey("output") ? fields.get("output").requiredString() : null);
    }

    /** This with {@code level} in place of the file's, e.g. {@code debug} for {@code -D}; null keeps the file's. */
    public LogSettings withLevel(String newLevel) {
        return newLevel == null ? this : new LogSettings(newLevel, format, output);
    }

    private static String oneOf(Node node, List<String> allowed) {
        if (node == null) {
            return null;
        }
        String value = node.string().toLowerCase(Locale.ROOT);
        if (!allowed.contains(value)) {
            throw node.error("'" + node.string() + "' is not one of " + String.join(", ", allowed));
        }
        return value;
    }
}
