package org.gost4j.support.config;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Dictionary;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

import org.osgi.framework.Constants;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;

/**
 * The component's own ConfigAdmin configuration, found by the {@code service.pid} among its component properties.
 * Management operations edit it instead of the running component, so configuration keeps flowing one way:
 * ConfigAdmin to component (which DS then restarts with the new values).
 */
public final class OwnConfiguration {

    private final ConfigurationAdmin configAdmin;
    private final String pid;

    public OwnConfiguration(ConfigurationAdmin configAdmin, Map<String, ?> componentProperties) {
        this.configAdmin = configAdmin;
        Object pidProperty = componentProperties.get(Constants.SERVICE_PID);
        if (pidProperty instanceof String[] pids) {
            pidProperty = pids.length == 0 ? null : pids[pids.length - 1];
        }
        this.pid = pidProperty == null ? null : pidProperty.toString();
    }

    /**
     * Replaces the string list {@code key} by {@code edit} of its current value.
     *
     * @throws IOException if the configuration is gone or cannot be stored
     */
    public void edit(String key, UnaryOperator<List<String>> edit) throws IOException {
        Configuration configuration = find();
        Dictionary<String, Object> properties = configuration.getProperties();
        List<String> changed = edit.apply(strings(properties.get(key)));
        properties.put(key, changed.toArray(String[]::new));
        configuration.update(properties);
    }

    private Configuration find() throws IOException {
        if (pid == null) {
            throw new IOException("not configured through ConfigAdmin");
        }
        try {
            Configuration[] found = configAdmin.listConfigurations(
                    "(" + Constants.SERVICE_PID + "=" + escape(pid) + ")");
            if (found == null || found.length == 0) {
                throw new IOException("configuration " + pid + " is gone");
            }
            return found[0];
        } catch (InvalidSyntaxException e) {
            throw new IOException("bad configuration pid " + pid, e);
        }
    }

    /** ConfigAdmin allows a string, an array or a collection for a multi-valued property. */
    public static List<String> strings(Object value) {
        List<String> out = new ArrayList<>();
        if (value instanceof String[] array) {
            out.addAll(List.of(array));
        } else if (value instanceof Collection<?> collection) {
            collection.forEach(v -> out.add(String.valueOf(v)));
        } else if (value != null) {
            out.add(value.toString());
        }
        return out;
    }

    private static String escape(String value) {
        return value.replace("\\", "\\\\").replace("*", "\\*").replace("(", "\\(").replace(")", "\\)");
    }
}
