package org.gost4j.config.file;

import java.util.Map;

/** One ConfigAdmin factory configuration the file asks for: {@code factoryPid~name} with its properties. */
public record FactoryConfiguration(String factoryPid, String name, Map<String, Object> properties) {

    public FactoryConfiguration {
        properties = Map.copyOf(properties);
    }

    @Override
    public String toString() {
        return factoryPid + "~" + name;
    }
}
