package org.gost4j.config.internal;

import javax.management.MBeanException;

import org.gost4j.api.management.ConfigFileMBean;
import org.gost4j.support.management.Failures;

/** The management view of the {@link ConfigFileWatcher}: the file, what it produced, and a reload. */
final class ConfigFileManagement implements ConfigFileMBean {

    private final ConfigFileWatcher watcher;

    ConfigFileManagement(ConfigFileWatcher watcher) {
        this.watcher = watcher;
    }

    @Override
    public String getFile() {
        return watcher.file();
    }

    @Override
    public String[] getConfigurations() {
        return watcher.configurations();
    }

    @Override
    public String getLastError() {
        return watcher.lastError();
    }

    @Override
    public long getLastLoaded() {
        return watcher.lastLoaded();
    }

    @Override
    public String reload() throws MBeanException {
        try {
            return watcher.reload();
        } catch (IllegalStateException e) {
            throw Failures.of(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw Failures.of("interrupted");
        }
    }
}
