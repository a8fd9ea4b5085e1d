package org.gost4j.management.internal.jmx;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.Set;

import javax.management.MBeanServer;
import javax.management.ObjectName;
import javax.management.remote.MBeanServerForwarder;

import org.gost4j.api.management.ManagedObjects;

/**
 * What remote JMX users may do, as the Jolokia policy allows: read every MBean, change and run operations on
 * gost4j's only; never create or unregister MBeans (creating one is a way to run code of one's own). So JConsole
 * shows everything, but e.g. {@code com.sun.management:type=DiagnosticCommand} cannot be invoked.
 */
final class GostWritesOnly implements InvocationHandler {

    private static final Set<String> GOST4J_ONLY = Set.of("invoke", "setAttribute", "setAttributes");
    /** The connector itself calls the class loader methods, to read a request's parameters; no client can. */
    private static final Set<String> REFUSED = Set.of("createMBean", "registerMBean", "unregisterMBean");

    private volatile MBeanServer target;

    private GostWritesOnly() {
    }

    static MBeanServerForwarder create() {
        return (MBeanServerForwarder) Proxy.newProxyInstance(GostWritesOnly.class.getClassLoader(),
                new Class<?>[] {MBeanServerForwarder.class}, new GostWritesOnly());
    }

    @Override
    public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
        String name = method.getName();
        switch (name) {
            case "getMBeanServer":
                return target;
            case "setMBeanServer":
                target = (MBeanServer) args[0];
                return null;
            case "equals":
                return proxy == args[0];
            case "hashCode":
                return System.identityHashCode(proxy);
            case "toString":
                return "gost4j remote JMX access (writes on " + ManagedObjects.DOMAIN + ":* only)";
            default:
                break;
        }
        if (REFUSED.contains(name)) {
            throw new SecurityException(name + " is not allowed over remote JMX");
        }
        if (GOST4J_ONLY.contains(name)) {
            ObjectName mbean = (ObjectName) args[0];
            if (mbean == null || mbean.isPattern() || !ManagedObjects.DOMAIN.equals(mbean.getDomain())) {
                throw new SecurityException(name + " is allowed on " + ManagedObjects.DOMAIN + ":* only, not on " + mbean);
            }
        }
        try {
            return method.invoke(target, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }
}
