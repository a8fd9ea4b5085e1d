package org.gost4j.api.management;

import org.osgi.annotation.versioning.ProviderType;

/** The configuration file given with {@code -C}, as {@code gost4j:type=config,name=file}. */
@ProviderType
public interface ConfigFileMBean {

    /** Absolute path of the file. */
    String getFile();

    /** One line per configuration the file produced: {@code pid name}. */
    String[] getConfigurations();

    /** Why the last load failed, empty if it succeeded. */
    String getLastError();

    /** Milliseconds since the epoch of the last successful load, 0 if none. */
    long getLastLoaded();

    /**
     * Reads the file again and applies the difference: new services are created, changed ones updated,
     * removed ones deleted; unchanged services are not touched.
     *
     * @return a summary, or the error (the running configuration is then kept)
     */
    String reload();
}
