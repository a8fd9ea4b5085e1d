package org.gost4j.config.internal;

import java.util.Collections;
import java.util.Dictionary;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

import org.osgi.framework.Constants;
import org.osgi.service.cm.ConfigurationAdmin;

/** Compares stored configuration properties with wanted ones, ignoring those ConfigAdmin adds itself. */
final class ConfigurationProperties {

    private static final Set<String> ADDED_BY_CONFIG_ADMIN = Set.of(
            Constants.SERVICE_PID, ConfigurationAdmin.SERVICE_FACTORYPID, ConfigurationAdmin.SERVICE_BUNDLELOCATION);

    private ConfigurationProperties() {
    }

    static boolean isAddedByConfigAdmin(String key) {
        return ADDED_BY_CONFIG_ADMIN.contains(key);
    }

    /** @param stored null for a configuration that was never updated */
    static boolean same(Dictionary<String, Object> stored, Map<String, Object> wanted) {
        if (stored == null) {
            return false;
        }
        int storedCount = 0;
        for (String key : Collections.list(stored.keys())) {
            if (ADDED_BY_CONFIG_ADMIN.contains(key)) {
                continue;
            }
            storedCount++;
            if (!Objects.deepEquals(stored.get(key), wanted.get(key))) {
                return false;
            }
        }
        return storedCount == wanted.size();
    }
}
