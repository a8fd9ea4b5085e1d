package org.gost4j.support.io;

import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * Loads a bundle's own JNI library. Embedded into each bundle that has one, so {@link System#loadLibrary}
 * runs with that bundle's class loader, which finds the library through the bundle's {@code Bundle-NativeCode}
 * (outside a framework, on {@code java.library.path}).
 */
public final class JniLibraries {

    /** {@code -Dgost4j.jni=false} leaves every JNI library unloaded: the bundles call through JNA instead. */
    public static final String ENABLED_PROPERTY = "gost4j.jni";

    private JniLibraries() {
    }

    /** @return why {@code name} did not load, or null if it did */
    public static Throwable load(String name) {
        if (!Boolean.parseBoolean(System.getProperty(ENABLED_PROPERTY, "true"))) {
            return new UnsatisfiedLinkError("turned off by -D" + ENABLED_PROPERTY + "=false");
        }
        try {
            System.loadLibrary(name);
            return null;
        } catch (UnsatisfiedLinkError e) {
            return e.getMessage() != null && e.getMessage().contains("already loaded in another classloader")
                    ? loadCopy(name, e) : e;
        } catch (SecurityException e) {
            return e;
        }
    }

    /**
     * After the bundle was updated, its fragment's library file is still loaded by the previous revision's class
     * loader (until that is collected), and the JVM loads one file into one class loader only: this revision loads
     * a private copy of it (a temporary file, deleted once loaded).
     */
    private static Throwable loadCopy(String name, UnsatisfiedLinkError taken) {
        URL library = JniLibraries.class.getClassLoader().getResource("META-INF/native/" + System.mapLibraryName(name));
        if (library == null) {
            return taken;
        }
        Path copy = null;
        try {
            copy = Files.createTempFile("gost4j-" + name + "-", ".so"); // owner-only on POSIX
            try (InputStream in = library.openStream()) {
                Files.copy(in, copy, StandardCopyOption.REPLACE_EXISTING);
            }
            System.load(copy.toString());
            return null;
        } catch (IOException | UnsatisfiedLinkError | SecurityException e) {
            return e;
        } finally {
            if (copy != null) {
                try {
                    Files.deleteIfExists(copy);
                } catch (IOException e) {
                    // a leftover temporary file; the library is loaded either way
                }
            }
        }
    }
}
