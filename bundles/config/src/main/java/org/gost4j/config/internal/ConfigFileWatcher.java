package org.gost4j.config.internal;

import java.io.IOException;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.gost4j.api.management.ConfigFileMBean;
import org.gost4j.api.management.ManagedObjects;
import org.gost4j.config.file.ConfigFile;
import org.gost4j.config.file.ConfigFileException;
import org.gost4j.config.file.FactoryConfiguration;
import org.osgi.framework.BundleContext;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;

/**
 * Applies the {@code -C} file (framework property {@code gost4j.config.file}) at start and whenever its content
 * changes (checked every second); {@code reload} over JMX does the same at once. A broken edit is logged and the
 * running configuration kept. Stopping this bundle leaves the services running, as with the command line.
 */
@Component(immediate = true, service = ConfigFileMBean.class,
        property = {ManagedObjects.TYPE_PROPERTY + "=" + ManagedObjects.TYPE_CONFIG, ManagedObjects.NAME_PROPERTY + "=file"})
public final class ConfigFileWatcher implements ConfigFileMBean {

    /** Framework property with the absolute path of the {@code -C} file. */
    static final String FILE_PROPERTY = "gost4j.config.file";
    private static final long POLL_MILLIS = 1000;

    private static final Logger LOG = System.getLogger(ConfigFileWatcher.class.getName());

    private final Path file;
    private final ConfigurationSync sync;
    private final ScheduledExecutorService poller;
    private byte[] lastContent;
    private volatile String lastError = "";
    private volatile long lastLoaded;
    private volatile String[] configurations = new String[0];

    @Activate
    public ConfigFileWatcher(BundleContext context, @Reference ConfigurationAdmin configAdmin) {
        String path = context.getProperty(FILE_PROPERTY);
        this.file = path == null || path.isBlank() ? null : Path.of(path).toAbsolutePath();
        this.sync = new ConfigurationSync(configAdmin);
        if (file == null) {
            poller = null;
            return;
        }
        poller = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "gost4j-config-file");
            t.setDaemon(true);
            return t;
        });
        poller.execute(this::reloadIfChanged);
        poller.scheduleWithFixedDelay(this::reloadIfChanged, POLL_MILLIS, POLL_MILLIS, TimeUnit.MILLISECONDS);
    }

    @Deactivate
    void deactivate() throws InterruptedException {
        if (poller != null) {
            poller.shutdownNow();
            poller.awaitTermination(5, TimeUnit.SECONDS);
        }
    }

    private void reloadIfChanged() {
        byte[] content;
        try {
            content = Files.readAllBytes(file);
        } catch (IOException e) {
            fail("cannot read " + file + ": " + e.getMessage());
            return;
        }
        synchronized (this) {
            if (Arrays.equals(content, lastContent)) {
                return;
            }
            lastContent = content;
        }
        load();
    }

    @Override
    public synchronized String reload() {
        if (file == null) {
            return "error: no configuration file (start with -C file)";
        }
        try {
            lastContent = Files.readAllBytes(file); // so the poller does not apply it a second time
        } catch (IOException e) {
            return fail("cannot read " + file + ": " + e.getMessage());
        }
        return load();
    }

    private synchronized String load() {
        try {
            List<FactoryConfiguration> wanted = ConfigFile.load(file);
            String summary = sync.apply(wanted);
            configurations = wanted.stream().map(FactoryConfiguration::toString).toArray(String[]::new);
            lastError = "";
            lastLoaded = System.currentTimeMillis();
            return summary;
        } catch (ConfigFileException | IOException | IllegalStateException e) {
            return fail(e.getMessage());
        }
    }

    private String fail(String reason) {
        if (!reason.equals(lastError)) {
            LOG.log(Level.ERROR, "Configuration file not applied, keeping the running configuration: {0}", reason);
        }
        lastError = reason;
        return "error: " + reason;
    }

    @Override
    public String getFile() {
        return file == null ? "" : file.toString();
    }

    @Override
    public String[] getConfigurations() {
        return configurations.clone();
    }

    @Override
    public String getLastError() {
        return lastError;
    }

    @Override
    public long getLastLoaded() {
        return lastLoaded;
    }
}
