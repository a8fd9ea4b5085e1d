package org.gost4j.support.io;

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
        } catch (UnsatisfiedLinkError | SecurityException e) {
            return e;
        }
    }
}
