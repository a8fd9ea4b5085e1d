package org.gost4j.api.management;

/**
 * The management whiteboard contract. A service registered with {@link #TYPE_PROPERTY} and {@link #NAME_PROPERTY},
 * whose object classes include an interface named {@code ...MBean}, appears in the platform MBeanServer as
 * {@code gost4j:type=<type>,name=<name>} for as long as the service is registered: its bundle never touches the
 * MBeanServer itself, and the MBean disappears with the bundle.
 */
public interface ManagedObjects {

    /** JMX domain of every gost4j MBean. */
    String DOMAIN = "gost4j";

    /** Service property: the object name's {@code type} key, e.g. {@code service}, {@code router}, {@code device}. */
    String TYPE_PROPERTY = "gost4j.mbean.type";

    /** Service property: the object name's {@code name} key. */
    String NAME_PROPERTY = "name";

    String TYPE_SERVICE = "service";
    String TYPE_DEVICE = "device";
    String TYPE_ROUTER = "router";
    String TYPE_AUTHER = "auther";
    String TYPE_CHAIN = "chain";
    String TYPE_CONFIG = "config";
}
