package org.gost4j.config.internal;

import java.io.IOException;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.nio.file.Path;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.gost4j.api.management.ConfigFileMBean;
import org.gost4j.api.management.ManagedObjects;
import org.gost4j.config.FactoryConfiguration;
import org.gost4j.config.check.Preflight;
import org.gost4j.config.check.PreflightException;
import org.gost4j.config.file.ConfigFile;
import org.gost4j.config.file.ConfigFileException;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;

/**
 * Applies the {@code -C} file (framework property {@code gost4j.config.file}) at start and whenever its content
 * changes (checked every second); {@code reload} over JMX does the same at once. A file is checked in full first
 * (syntax, then {@link Preflight}); once applied, the tunnels it created or changed must start, else a change that
 * replaced or removed running configurations is rolled back (one that only adds services leaves them, shown as
 * failed). Either way the running configuration stays as it was and the failure is reported in one line, in the
 * log and by {@link ConfigFileManagement}. Stopping this bundle leaves the services running, as with the command
 * line.
 */
@Component(immediate = true, service = {})
public final class ConfigFileWatcher {

    /** Framework property with the absolute path of the {@code -C} file. */
    static final String FILE_PROPERTY = "gost4j.config.file";
    private static final long POLL_MILLIS = 1000;
    /** How long a changed tunnel may take to say whether it started; one still starting then is kept. */
    private static final long START_MILLIS = 5000;

    private static final Logger LOG = System.getLogger(ConfigFileWatcher.class.getName());

    private final Path file;
    private final ConfigurationSync sync;
    private final TunnelStarts starts;
    private final ScheduledExecutorService poller;
    private final ServiceRegistration<ConfigFileMBean> management;
    private String lastContent;
    private volatile String lastError = "";
    private volatile long lastLoaded;
    private volatile String[] configurations = new String[0];

    @Activate
    public ConfigFileWatcher(BundleContext context, @Reference ConfigurationAdmin configAdmin) {
        String path = context.getProperty(FILE_PROPERTY);
        this.file = path == null || path.isBlank() ? null : Path.of(path).toAbsolutePath();
        this.sync = new ConfigurationSync(configAdmin);
        this.starts = new TunnelStarts(context);
        Hashtable<String, Object> props = new Hashtable<>();
        props.put(ManagedObjects.TYPE_PROPERTY, ManagedObjects.TYPE_CONFIG);
        props.put(ManagedObjects.NAME_PROPERTY, "file");
        this.management = context.registerService(ConfigFileMBean.class, new ConfigFileManagement(this), props);
        if (file == null) {
            poller = null;
            return;
        }
        poller = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "gost4j-config-file");
            t.setDaemon(true);
            return t;
        });
        poller.scheduleWithFixedDelay(this::reloadIfChanged, 0, POLL_MILLIS, TimeUnit.MILLISECONDS);
    }

    @Deactivate
    void deactivate() throws InterruptedException {
        try {
            management.unregister();
        } catch (IllegalStateException alreadyGone) {
            // the framework unregisters it when the bundle stops first
        }
        if (poller != null) {
            poller.shutdownNow();
            poller.awaitTermination(5, TimeUnit.SECONDS);
        }
    }

    private void reloadIfChanged() {
        try {
            String content = ConfigFile.read(file);
            synchronized (this) {
                if (content.equals(lastContent)) {
                    return;
                }
                lastContent = content;
                apply(content);
            }
        } catch (ConfigFileException e) {
            fail(e.getMessage());
        } catch (IllegalStateException notApplied) {
            // logged and kept as the last error already
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Reads and applies the file now, changed or not.
     *
     * @return what changed
     * @throws IllegalStateException why nothing changed, in one line
     */
    synchronized String reload() throws InterruptedException {
        if (file == null) {
            throw new IllegalStateException("no configuration file (start with -C file)");
        }
        try {
            lastContent = ConfigFile.read(file); // so the poller does not apply it a second time
        } catch (ConfigFileException e) {
            throw new IllegalStateException(fail(e.getMessage()));
        }
        return apply(lastContent);
    }

    /**
     * @return what changed
     * @throws IllegalStateException why the file was not applied (logged and kept as the last error)
     */
    private String apply(String content) throws InterruptedException {
        try {
            List<FactoryConfiguration> wanted = ConfigFile.parse(content, file.toString());
            List<FactoryConfiguration> running = sync.services();
            Preflight.check(wanted, running.stream().filter(config -> !isFromFile(config)).toList(),
                    Preflight.listens(running));
            long mark = starts.mark();
            ConfigurationSync.Applied applied = sync.apply(wanted);
            Map<String, String> failed = starts.failures(applied.tunnels(), mark, START_MILLIS);
            Map.Entry<String, String> first = failed.isEmpty() ? null : failed.entrySet().iterator().next();
            if (first != null && applied.touchedRunning()) {
                sync.undo(applied);
                throw new IllegalStateException(fail(file + ": service " + first.getKey()
                        + " did not start, rolled back: " + first.getValue()));
            }
            configurations = wanted.stream().map(FactoryConfiguration::toString).toArray(String[]::new);
            lastLoaded = System.currentTimeMillis();
            if (first != null) {
                // only new services: nothing that ran was touched, and they stay, shown as failed
                throw new IllegalStateException(fail(file + ": service " + first.getKey() + " did not start: "
                        + first.getValue()));
            }
            lastError = "";
            return applied.summary();
        } catch (PreflightException e) {
            throw new IllegalStateException(fail(file + ": " + e.getMessage()));
        } catch (ConfigFileException | IOException e) {
            throw new IllegalStateException(fail(e.getMessage()));
        }
    }

    private static boolean isFromFile(FactoryConfiguration config) {
        return ConfigFile.ORIGIN_FILE.equals(config.properties().get(ConfigFile.ORIGIN));
    }

    private String fail(String reason) {
        if (!reason.equals(lastError)) {
            LOG.log(Level.ERROR, "Configuration file not applied, keeping the running configuration: {0}", reason);
        }
        lastError = reason;
        return reason;
    }

    String file() {
        return file == null ? "" : file.toString();
    }

    String[] configurations() {
        return configurations.clone();
    }

    String lastError() {
        return lastError;
    }

    long lastLoaded() {
        return lastLoaded;
    }
}
