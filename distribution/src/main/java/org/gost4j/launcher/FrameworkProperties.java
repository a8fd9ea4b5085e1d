package org.gost4j.launcher;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

import org.gost4j.config.cli.CommandLine;

/** The Felix launch properties of one appliance run. */
final class FrameworkProperties {

    /** Framework start level; SCR, ConfigAdmin and FileInstall start below our bundles (see BundleInstaller). */
    static final int BEGINNING_START_LEVEL = 100;

    private FrameworkProperties() {
    }

    static Map<String, String> of(Path home, Path data, String[] args) {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("org.osgi.framework.storage", data.resolve("felix-cache").toString());
        p.put("org.osgi.framework.storage.clean", "onFirstInit");
        p.put("org.osgi.framework.startlevel.beginning", Integer.toString(BEGINNING_START_LEVEL));
        // Bundles FileInstall deploys later start with ours.
        p.put("felix.startlevel.bundle", Integer.toString(BundleInstaller.APPLICATION_START_LEVEL));
        // Read by the config bundle's CliConfigurator.
        p.put("gost4j.cli.args", String.join("\n", args));
        // Read by the config bundle's ConfigFileWatcher; relative to the directory gost4j was started in.
        String configFile = CommandLine.parse(args).configFile();
        if (configFile != null) {
            p.put("gost4j.config.file", Path.of(configFile).toAbsolutePath().normalize().toString());
        }
        // FileInstall starts one watcher per comma-separated directory, all with the settings below.
        p.put("felix.fileinstall.dir", home.resolve("deploy") + "," + home.resolve("config"));
        p.put("felix.fileinstall.filter", ".*\\.(jar|cfg|config)");
        p.put("felix.fileinstall.tmpdir", data.resolve("tmp").resolve("fileinstall").toString());
        p.put("felix.fileinstall.poll", "1000");
        p.put("felix.fileinstall.noInitialDelay", "true");
        // Configurations changed at runtime (e.g. over JMX) must not rewrite the operator's .cfg files.
        p.put("felix.fileinstall.enableConfigSave", "false");
        p.put("felix.fileinstall.log.level", "1");
        p.put("ds.loglevel", "warn");
        // Appliance.run rolls back a failed update of the management bundle, so its updateBundle may update itself.
        p.put("gost4j.management.update.watched", "true");
        return p;
    }
}
