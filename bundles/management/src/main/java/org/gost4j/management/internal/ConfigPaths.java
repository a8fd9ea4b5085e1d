package org.gost4j.management.internal;

import java.io.IOException;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.Map;

import org.gost4j.management.internal.credentials.PasswordFile;

/**
 * Resolves a file named in a configuration: a relative name is taken beside the {@code .cfg} file the
 * configuration came from (FileInstall records it as {@code felix.fileinstall.filename}), so the same file works
 * in the appliance's {@code config/} and in Karaf's {@code etc/}.
 */
public final class ConfigPaths {

    static final String FILEINSTALL_FILENAME = "felix.fileinstall.filename";

    private static final Logger LOG = System.getLogger(ConfigPaths.class.getName());

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
        Path cfg = configFile(properties);
        return cfg == null ? null : cfg.getParent();
    }

    /** The configuration's {@code .cfg} file, or null. */
    public static Path configFile(Map<String, ?> properties) {
        Object file = properties.get(FILEINSTALL_FILENAME);
        if (file == null) {
            return null;
        }
        try {
            String text = file.toString();
            return (text.startsWith("file:") ? Path.of(new URI(text)) : Path.of(text)).toAbsolutePath();
        } catch (URISyntaxException | IllegalArgumentException e) {
            return null;
        }
    }

    /** Logs a warning when the {@code .cfg} file of a configuration that holds a password is readable by others. */
    public static void warnIfOthersMayRead(Map<String, ?> properties) {
        Path cfg = configFile(properties);
        try {
            String problem = cfg == null ? null : PasswordFile.othersMayRead(cfg);
            if (problem != null) {
                LOG.log(Level.WARNING, "SECURITY: " + problem);
            }
        } catch (IOException e) {
            // gone meanwhile: nothing to warn about
        }
    }
}
