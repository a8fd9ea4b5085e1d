package org.gost4j.config.internal;

import java.io.IOException;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.util.ArrayList;
import java.util.Hashtable;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.gost4j.config.file.ConfigFile;
import org.gost4j.config.file.FactoryConfiguration;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;

/**
 * Makes ConfigAdmin hold exactly the file's configurations: creates new ones, updates changed ones, deletes
 * those the file no longer has. Unchanged configurations are not touched, so their services keep running.
 */
final class ConfigurationSync {

    private static final Logger LOG = System.getLogger(ConfigurationSync.class.getName());
    private static final String OWNED = "(" + ConfigFile.ORIGIN + "=" + ConfigFile.ORIGIN_FILE + ")";

    private final ConfigurationAdmin configAdmin;

    ConfigurationSync(ConfigurationAdmin configAdmin) {
        this.configAdmin = configAdmin;
    }

    /** @return what changed, e.g. {@code created [..], updated [..], deleted [..], unchanged 2} */
    String apply(List<FactoryConfiguration> wanted) throws IOException {
        List<String> created = new ArrayList<>();
        List<String> updated = new ArrayList<>();
        List<String> deleted = new ArrayList<>();
        Set<String> keep = new HashSet<>();
        for (FactoryConfiguration config : wanted) {
            Configuration existing = configAdmin.getFactoryConfiguration(config.factoryPid(), config.name(), "?");
            keep.add(existing.getPid());
            if (ConfigurationProperties.same(existing.getProperties(), config.properties())) {
                continue;
            }
            (existing.getProperties() == null ? created : updated).add(config.toString());
            existing.update(new Hashtable<>(config.properties()));
        }
        for (Configuration owned : owned()) {
            if (!keep.contains(owned.getPid())) {
                deleted.add(owned.getPid());
                owned.delete();
            }
        }
        String summary = "created " + created + ", updated " + updated + ", deleted " + deleted + ", unchanged "
                + (wanted.size() - created.size() - updated.size());
        LOG.log(Level.INFO, "Configuration file applied: {0}", summary);
        return summary;
    }

    private Configuration[] owned() throws IOException {
        try {
            Configuration[] found = configAdmin.listConfigurations(OWNED);
            return found == null ? new Configuration[0] : found;
        } catch (InvalidSyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
