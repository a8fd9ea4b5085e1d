package org.gost4j.config;

import java.util.Map;

/**
 * One ConfigAdmin factory configuration the command line or the file asks for: {@code factoryPid~name} with its
 * properties.
 */
public record FactoryConfiguration(String factoryPid, String name, Map<String, Object> properties) {

    /** Marks who made a configuration ({@code cli} or {@code file}), so each finds and replaces only its own. */
    public static final String ORIGIN = "gost4j.origin";

    public FactoryConfiguration {
        properties = Map.copyOf(properties);
    }

    @Override
    public String toString() {
        return factoryPid + "~" + name;
    }
}
