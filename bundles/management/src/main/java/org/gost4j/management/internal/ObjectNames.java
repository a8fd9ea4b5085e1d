package org.gost4j.management.internal;

import java.util.regex.Pattern;

import javax.management.MalformedObjectNameException;
import javax.management.ObjectName;

import org.gost4j.api.management.ManagedObjects;

/** Builds {@code gost4j:type=<type>,name=<name>}, quoting values that JMX would not take as they are. */
final class ObjectNames {

    /** Characters that may stand unquoted in an object name's value. */
    private static final Pattern PLAIN = Pattern.compile("[A-Za-z0-9._@/+#%^~|!&$;' -]+");

    private ObjectNames() {
    }

    /** @throws MalformedObjectNameException for an empty type or name */
    static ObjectName of(String type, String name) throws MalformedObjectNameException {
        if (type == null || type.isEmpty() || name == null || name.isEmpty()) {
            throw new MalformedObjectNameException("type and name must not be empty (type=" + type + ", name=" + name + ")");
        }
        return new ObjectName(ManagedObjects.DOMAIN + ":type=" + value(type) + ",name=" + value(name));
    }

    private static String value(String text) {
        return PLAIN.matcher(text).matches() ? text : ObjectName.quote(text);
    }
}
