package org.gost4j.management.internal;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.Map;

/**
 * Resolves a file named in a configuration: a relative name is taken beside the {@code .cfg} file the
 * configuration came from (FileInstall records it as {@code felix.fileinstall.filename}), so the same file works
 * in the appliance's {@code config/} and in Karaf's {@code etc/}.
 */
public final class ConfigPaths {

    static final String FILEINSTALL_FILENAME = "felix.fileinstall.filename";

    private ConfigPaths() {
    }

    /** @throws IllegalArgumentException for a relative name in a configuration that did not come from a file */
    public static Path resolve(String name, Map<String, ?> properties) {
        Path path = Path.of(name);
        if (path.isAbsolute()) {
            return path;
        }
        Path directory = configDirectory(properties);
        if (directory == null) {
            throw new IllegalArgumentException("'" + name + "' is relative, but this configuration did not come from a"
                    + " .cfg file: give an absolute path");
        }
        return directory.resolve(path).normalize();
    }

    /** The folder of the configuration's {@code .cfg} file, or null. */
    public static Path configDirectory(Map<String, ?> properties) {
        Object file = properties.get(FILEINSTALL_FILENAME);
        if (file == null) {
            return null;
        }
        try {
            String text = file.toString();
            Path cfg = text.startsWith("file:") ? Path.of(new URI(text)) : Path.of(text);
            return cfg.toAbsolutePath().getParent();
        } catch (URISyntaxException | IllegalArgumentException e) {
            return null;
        }
    }
}
