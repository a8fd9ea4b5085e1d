package org.gost4j.management.internal;

import javax.management.MBeanException;
import javax.management.NotCompliantMBeanException;
import javax.management.ReflectionException;
import javax.management.StandardMBean;

/**
 * A service's {@code ...MBean} delegate as a standard MBean. An operation that fails throws an
 * {@link MBeanException} with a one-line message (the gost4j convention); the JDK would wrap it in a second
 * {@code MBeanException} whose message is the first's {@code toString()}, so it is handed to the client as it is.
 */
final class DelegateMBean extends StandardMBean {

    private <T> DelegateMBean(T implementation, Class<T> mbeanInterface, boolean isMXBean)
            throws NotCompliantMBeanException {
        super(implementation, mbeanInterface, isMXBean);
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    static DelegateMBean of(Object service, Class<?> mbeanInterface) throws NotCompliantMBeanException {
        return new DelegateMBean(service, (Class) mbeanInterface, mbeanInterface.getName().endsWith("MXBean"));
    }

    @Override
    public Object invoke(String operation, Object[] params, String[] signature)
            throws MBeanException, ReflectionException {
        try {
            return super.invoke(operation, params, signature);
        } catch (MBeanException e) {
            throw e.getTargetException() instanceof MBeanException own ? own : e;
        }
    }
}
