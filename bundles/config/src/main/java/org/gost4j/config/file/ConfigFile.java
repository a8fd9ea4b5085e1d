package org.gost4j.config.file;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.gost4j.config.FactoryConfiguration;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;

/**
 * A GOST v3 configuration file (YAML, or JSON, which the YAML parser reads too), restricted to what gost4j
 * implements: {@code services}, {@code chains}, {@code routers}, {@code authers} and {@code metrics}, which become
 * a list of ConfigAdmin factory configurations (see ARCHITECTURE.md for the PIDs and properties), and {@code log},
 * which the launcher reads ({@link #logSettings}).
 */
public final class ConfigFile {

    /** Marks configurations created from the file, so that a reload can find and delete removed ones. */
    public static final String ORIGIN = FactoryConfiguration.ORIGIN;
    public static final String ORIGIN_FILE = "file";

    private static final Set<String> TOP_LEVEL = new LinkedHashSet<>(List.of("services", "chains", "routers", "authers",
            "metrics", "log"));
    /** Documents are small; anything bigger is a mistake (or an attack through aliases). */
    static final int MAX_BYTES = 1024 * 1024;
    /**
     * SnakeYAML's reader copies its window for every 1 KiB it looks ahead within a token, so the cost of a line
     * grows with its square (a 3 MB scalar took seconds and hundreds of MB): lines are capped before parsing.
     */
    static final int MAX_LINE = 64 * 1024;

    private ConfigFile() {
    }

    /**
     * Reads and translates the file.
     *
     * @throws ConfigFileException as {@code file: path: reason}
     */
    public static List<FactoryConfiguration> load(Path file) {
        return parse(read(file), file.toString());
    }

    /**
     * The file's text, at most {@link #MAX_BYTES}. Only a regular file is opened (a FIFO would block, a device
     * such as {@code /dev/zero} never end), and never more than the limit is read, whatever the file claims.
     *
     * @throws ConfigFileException why it cannot be used
     */
    public static String read(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new ConfigFileException(file + ": " + (Files.exists(file) ? "not a regular file"
                    : "cannot read: no such file"));
        }
        byte[] bytes;
        try (InputStream in = Files.newInputStream(file)) {
            bytes = in.readNBytes(MAX_BYTES + 1);
        } catch (IOException e) {
            throw new ConfigFileException(file + ": cannot read: " + e.getMessage());
        }
        if (bytes.length > MAX_BYTES) {
            throw new ConfigFileException(file + ": larger than " + MAX_BYTES + " bytes");
        }
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw new ConfigFileException(file + ": not UTF-8 text");
        }
    }

    /** @param source the file name used in error messages */
    public static List<FactoryConfiguration> parse(String text, String source) {
        Node root = document(text, source);
        try {
            return translate(root);
        } catch (IllegalArgumentException e) {
            throw new ConfigFileException(source + ": " + e.getMessage());
        }
    }

    /**
     * The file's {@code log} section, checked ({@link LogSettings#NONE} without one).
     *
     * @throws ConfigFileException as {@code file: log.level: reason}
     */
    public static LogSettings logSettings(Path file) {
        Node root = document(read(file), file.toString());
        try {
            return LogSettings.of(root.child("log"));
        } catch (IllegalArgumentException e) {
            throw new ConfigFileException(file + ": " + e.getMessage());
        }
    }

    /** The parsed document, its lines checked first. */
    private static Node document(String text, String source) {
        checkLines(text, source);
        Object document;
        try {
            LoaderOptions options = new LoaderOptions();
            options.setAllowDuplicateKeys(false);
            options.setMaxAliasesForCollections(50);
            options.setCodePointLimit(MAX_BYTES);
            document = new Yaml(new SafeConstructor(options)).load(text);
        } catch (MarkedYAMLException e) {
            throw new ConfigFileException(source + ": line " + (e.getProblemMark().getLine() + 1) + ": "
                    + e.getProblem());
        } catch (YAMLException e) {
            throw new ConfigFileException(source + ": " + e.getMessage());
        }
        return new Node("", document);
    }

    private static void checkLines(String text, String source) {
        if (text.length() > MAX_BYTES) {
            throw new ConfigFileException(source + ": larger than " + MAX_BYTES + " bytes");
        }
        int line = 1;
        int start = 0;
        for (int i = 0; i <= text.length(); i++) {
            if (i == text.length() || text.charAt(i) == '\n') {
                if (i - start > MAX_LINE) {
                    throw new ConfigFileException(source + ": line " + line + ": longer than " + MAX_LINE
                            + " characters");
                }
                line++;
                start = i + 1;
            }
        }
    }

    private static List<FactoryConfiguration> translate(Node root) {
        if (root.isMissing()) {
            throw root.error("the document is empty");
        }
        Map<String, Node> top = root.fields(TOP_LEVEL);
        LogSettings.of(root.child("log")); // checked with the rest; the launcher applies it
        List<FactoryConfiguration> result = new ArrayList<>();
        named(top.get("authers"), result, Sections::auther);
        Map<String, String[]> authers = new HashMap<>();
        // null for an auther that loads its users: a relay server, which copies entries, cannot use it
        result.forEach(c -> authers.put(c.name(), Sections.LOADED_AUTHER_KEYS.stream()
                .anyMatch(c.properties()::containsKey) ? null : (String[]) c.properties().get("auths")));
        Set<String> routers = named(top.get("routers"), result, Sections::router);
        Set<String> chains = named(top.get("chains"), result, Sections::chain);
        if (top.containsKey("metrics")) {
            result.add(Sections.metrics(top.get("metrics")));
        }
        Set<String> services = new HashSet<>();
        for (Node service : list(top.get("services"))) {
            FactoryConfiguration config = new ServiceSection(service, authers, routers, chains).translate();
            if (!services.add(config.name())) {
                throw service.child("name").error("service '" + config.name() + "' is defined twice");
            }
            result.add(config);
        }
        if (services.isEmpty()) {
            throw root.child("services").error("no service defined");
        }
        return result;
    }

    interface Translator {
        FactoryConfiguration translate(Node node);
    }

    /** Translates each item of a named section, adding it to {@code result}; returns the names. */
    private static Set<String> named(Node section, List<FactoryConfiguration> result, Translator translator) {
        Set<String> names = new HashSet<>();
        for (Node item : list(section)) {
            FactoryConfiguration config = translator.translate(item);
            if (!names.add(config.name())) {
                throw item.child("name").error("'" + config.name() + "' is defined twice");
            }
            result.add(config);
        }
        return names;
    }

    private static List<Node> list(Node section) {
        return section == null ? List.of() : section.list();
    }

    /** Adds the origin marker; the map keeps the insertion order for readable logs. */
    static Map<String, Object> properties(String name) {
        Map<String, Object> props = new LinkedHashMap<>();
        props.put("name", name);
        props.put(ORIGIN, ORIGIN_FILE);
        return props;
    }
}
