package org.gost4j.config.internal;

import java.io.IOException;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Dictionary;
import java.util.HashSet;
import java.util.Hashtable;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.gost4j.api.tunnel.TunnelPids;
import org.gost4j.config.FactoryConfiguration;
import org.gost4j.config.file.ConfigFile;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;

/**
 * Makes ConfigAdmin hold exactly the file's configurations: creates new ones, updates changed ones, deletes
 * those the file no longer has. Unchanged configurations are not touched, so their services keep running. What
 * it changed can be undone ({@link #undo}).
 */
final class ConfigurationSync {

    /** What one {@link #apply} did, enough to undo it. */
    record Applied(String summary, List<String> tunnels, List<Configuration> created,
            Map<String, Dictionary<String, Object>> replaced, List<FactoryConfiguration> deleted) {

        /** Whether it changed or removed configurations that were there before (and may have run). */
        boolean touchedRunning() {
            return !replaced.isEmpty() || !deleted.isEmpty();
        }
    }

    private static final Logger LOG = System.getLogger(ConfigurationSync.class.getName());
    private static final String OWNED = "(" + ConfigFile.ORIGIN + "=" + ConfigFile.ORIGIN_FILE + ")";
    private static final String SERVICES = "(|(service.factoryPid=" + TunnelPids.TUNNEL + ")(service.factoryPid="
            + TunnelPids.RELAY + "))";

    private final ConfigurationAdmin configAdmin;

    ConfigurationSync(ConfigurationAdmin configAdmin) {
        this.configAdmin = configAdmin;
    }

    /** The tunnel and relay configurations ConfigAdmin holds now, whoever made them. */
    List<FactoryConfiguration> services() throws IOException {
        List<FactoryConfiguration> services = new ArrayList<>();
        for (Configuration config : list(SERVICES)) {
            services.add(new FactoryConfiguration(config.getFactoryPid(), nameOf(config), properties(config)));
        }
        return services;
    }

    /** @return what changed, e.g. {@code created [..], updated [..], deleted [..], unchanged 2} */
    Applied apply(List<FactoryConfiguration> wanted) throws IOException {
        List<String> createdNames = new ArrayList<>();
        List<String> updatedNames = new ArrayList<>();
        List<String> deletedNames = new ArrayList<>();
        List<String> tunnels = new ArrayList<>();
        List<Configuration> created = new ArrayList<>();
        Map<String, Dictionary<String, Object>> replaced = new LinkedHashMap<>();
        List<FactoryConfiguration> deleted = new ArrayList<>();
        Set<String> keep = new HashSet<>();
        for (FactoryConfiguration config : wanted) {
            Configuration existing = configAdmin.getFactoryConfiguration(config.factoryPid(), config.name(), "?");
            keep.add(existing.getPid());
            Dictionary<String, Object> before = existing.getProperties();
            if (ConfigurationProperties.same(before, config.properties())) {
                continue;
            }
            if (before == null) {
                createdNames.add(config.toString());
                created.add(existing);
            } else {
                updatedNames.add(config.toString());
                replaced.put(existing.getPid(), withoutAdded(before));
            }
            if (config.factoryPid().equals(TunnelPids.TUNNEL)) {
                tunnels.add(config.name());
            }
            existing.update(new Hashtable<>(config.properties()));
        }
        for (Configuration owned : list(OWNED)) {
            if (!keep.contains(owned.getPid())) {
                deletedNames.add(owned.getPid());
                deleted.add(new FactoryConfiguration(owned.getFactoryPid(), nameOf(owned), properties(owned)));
                owned.delete();
            }
        }
        String summary = "created " + createdNames + ", updated " + updatedNames + ", deleted " + deletedNames
                + ", unchanged " + (wanted.size() - createdNames.size() - updatedNames.size());
        LOG.log(Level.INFO, "Configuration file applied: {0}", summary);
        return new Applied(summary, tunnels, created, replaced, deleted);
    }

    /** Puts back what {@code applied} changed: the configurations before it, so their services run as before. */
    void undo(Applied applied) throws IOException {
        for (Configuration config : applied.created()) {
            config.delete();
        }
        for (Map.Entry<String, Dictionary<String, Object>> e : applied.replaced().entrySet()) {
            for (Configuration config : list("(service.pid=" + e.getKey() + ")")) {
                config.update(e.getValue());
            }
        }
        for (FactoryConfiguration config : applied.deleted()) {
            configAdmin.getFactoryConfiguration(config.factoryPid(), config.name(), "?")
                    .update(new Hashtable<>(config.properties()));
        }
        LOG.log(Level.INFO, "Configuration file change rolled back");
    }

    private Configuration[] list(String filter) throws IOException {
        try {
            Configuration[] found = configAdmin.listConfigurations(filter);
            return found == null ? new Configuration[0] : found;
        } catch (InvalidSyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A factory configuration's name: its PID is {@code factoryPid~name}. */
    private static String nameOf(Configuration config) {
        String pid = config.getPid();
        return pid.substring(pid.indexOf('~') + 1);
    }

    private static Map<String, Object> properties(Configuration config) {
        Dictionary<String, Object> stored = withoutAdded(config.getProperties());
        Map<String, Object> props = new LinkedHashMap<>();
        for (String key : Collections.list(stored.keys())) {
            props.put(key, stored.get(key));
        }
        return props;
    }

    private static Dictionary<String, Object> withoutAdded(Dictionary<String, Object> stored) {
        Hashtable<String, Object> copy = new Hashtable<>();
        if (stored != null) {
            for (String key : Collections.list(stored.keys())) {
                if (!ConfigurationProperties.isAddedByConfigAdmin(key)) {
                    copy.put(key, stored.get(key));
                }
            }
        }
        return copy;
    }
}
