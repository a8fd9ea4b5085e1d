package org.gost4j.api.management;

import javax.management.MBeanException;

import org.osgi.annotation.versioning.ProviderType;

/** The configuration file given with {@code -C}, as {@code gost4j:type=config,name=file}. */
@ProviderType
public interface ConfigFileMBean {

    /** Absolute path of the file. */
    String getFile();

    /** One line per configuration the file produced: {@code pid name}. */
    String[] getConfigurations();

    /** Why the last load failed or was rolled back, in one line; empty if it succeeded. */
    String getLastError();

    /** Milliseconds since the epoch of the last successful load, 0 if none. */
    long getLastLoaded();

    /**
     * Reads the file again and applies the difference: new services are created, changed ones updated,
     * removed ones deleted; unchanged services are not touched. A file that fails its checks is not applied; a
     * tunnel that fails to start with it is rolled back to the running configuration.
     *
     * @return a summary
     * @throws MBeanException why the file was not applied (the running configuration is then kept)
     */
    String reload() throws MBeanException;
}
