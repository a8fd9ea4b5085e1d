package org.gost4j.launcher;

import java.io.IOException;
import java.io.InputStream;
import java.util.Locale;
import java.util.Properties;

/** What {@code gost4j -V} prints, in the form of GOST's {@code gost 3.3.0 (go1.22.1 linux/amd64)}. */
final class Version {

    private Version() {
    }

    /** {@code gost4j 0.1.0 (java 17.0.13 linux/amd64)}: the build's version, the Java runtime's, the system. */
    static String line() {
        return "gost4j " + project() + " (java " + System.getProperty("java.version") + " " + os() + "/" + arch() + ")";
    }

    /** The Maven project version the build filtered into {@code version.properties}. */
    static String project() {
        Properties properties = new Properties();
        try (InputStream in = Version.class.getResourceAsStream("version.properties")) {
            if (in != null) {
                properties.load(in);
            }
        } catch (IOException e) {
            // the line then says unknown
        }
        return properties.getProperty("version", "unknown");
    }

    /** The system in Go's words (GOOS): linux, darwin, windows, ... */
    private static String os() {
        String name = System.getProperty("os.name", "unknown").toLowerCase(Locale.ROOT);
        if (name.startsWith("mac")) {
            return "darwin";
        }
        return name.startsWith("windows") ? "windows" : name.replace(' ', '_');
    }

    /** The processor in Go's words (GOARCH): amd64, arm64, ... */
    private static String arch() {
        String arch = System.getProperty("os.arch", "unknown").toLowerCase(Locale.ROOT);
        return switch (arch) {
            case "x86_64" -> "amd64";
            case "aarch64" -> "arm64";
            case "x86", "i386", "i686" -> "386";
            default -> arch;
        };
    }
}
