package org.gost4j.management.internal;

import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.lang.management.ManagementFactory;
import java.util.ArrayDeque;
import java.util.Deque;

import javax.management.JMException;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import javax.management.StandardMBean;

import org.gost4j.api.management.ManagedObjects;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.Filter;
import org.osgi.framework.FrameworkUtil;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.ServiceReference;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.util.tracker.ServiceTracker;
import org.osgi.util.tracker.ServiceTrackerCustomizer;

/**
 * Registers every service that carries {@link ManagedObjects#TYPE_PROPERTY} in the platform MBeanServer as
 * {@code gost4j:type=<type>,name=<name>}, through the service's own {@code ...MBean} interface (a small delegate
 * each bundle registers over its component, as Karaf's MBeans are), and unregisters it when the service goes
 * away. Bundles never touch the MBeanServer, and new kinds plug in by their service properties alone.
 */
@Component(immediate = true, service = {})
public final class MBeanWhiteboard implements ServiceTrackerCustomizer<Object, MBeanWhiteboard.Exposed> {

    static final String FILTER = "(" + ManagedObjects.TYPE_PROPERTY + "=*)";

    private static final Logger LOG = System.getLogger(MBeanWhiteboard.class.getName());

    private final BundleContext context;
    private final MBeanServer server;
    private final ServiceTracker<Object, Exposed> tracker;

    @Activate
    public MBeanWhiteboard(BundleContext context) throws InvalidSyntaxException {
        this(context, ManagementFactory.getPlatformMBeanServer());
    }

    MBeanWhiteboard(BundleContext context, MBeanServer server) throws InvalidSyntaxException {
        this.context = context;
        this.server = server;
        Filter filter = FrameworkUtil.createFilter(FILTER);
        this.tracker = new ServiceTracker<>(context, filter, this);
        tracker.open(true);
    }

    @Deactivate
    void deactivate() {
        tracker.close(); // unregisters every MBean through removedService
    }

    /** Where a tracked service is registered; a renamed service moves. */
    static final class Exposed {
        final Object mbean;
        volatile ObjectName name;

        Exposed(Object mbean, ObjectName name) {
            this.mbean = mbean;
            this.name = name;
        }
    }

    @Override
    public Exposed addingService(ServiceReference<Object> reference) {
        Object service = context.getService(reference);
        if (service == null) {
            return null;
        }
        try {
            ObjectName name = objectName(reference);
            Class<?> mbeanInterface = mbeanInterface(reference, service);
            if (mbeanInterface == null) {
                LOG.log(Level.WARNING, "{0}: service {1} implements no ...MBean interface; not exposed", name,
                        reference.getProperty(Constants.SERVICE_ID));
                context.ungetService(reference);
                return null;
            }
            StandardMBean mbean = DelegateMBean.of(service, mbeanInterface);
            server.registerMBean(mbean, name);
            LOG.log(Level.DEBUG, "MBean {0} registered", name);
            return new Exposed(mbean, name);
        } catch (JMException | RuntimeException e) {
            LOG.log(Level.WARNING, "Cannot expose service " + reference.getProperty(Constants.SERVICE_ID)
                    + " as an MBean: " + e);
            context.ungetService(reference);
            return null;
        }
    }

    @Override
    public void modifiedService(ServiceReference<Object> reference, Exposed exposed) {
        try {
            ObjectName wanted = objectName(reference);
            if (!wanted.equals(exposed.name)) {
                server.unregisterMBean(exposed.name);
                server.registerMBean(exposed.mbean, wanted);
                LOG.log(Level.DEBUG, "MBean {0} renamed to {1}", exposed.name, wanted);
                exposed.name = wanted;
            }
        } catch (JMException e) {
            LOG.log(Level.WARNING, "Cannot rename MBean " + exposed.name + ": " + e);
        }
    }

    @Override
    public void removedService(ServiceReference<Object> reference, Exposed exposed) {
        ObjectName name = exposed.name;
        try {
            server.unregisterMBean(name);
            LOG.log(Level.DEBUG, "MBean {0} unregistered", name);
        } catch (JMException e) {
            LOG.log(Level.DEBUG, "MBean {0} was already gone", name);
        } finally {
            context.ungetService(reference);
        }
    }

    static ObjectName objectName(ServiceReference<?> reference) throws JMException {
        Object type = reference.getProperty(ManagedObjects.TYPE_PROPERTY);
        Object name = reference.getProperty(ManagedObjects.NAME_PROPERTY);
        return ObjectNames.of(type.toString(), name == null ? null : name.toString());
    }

    /** The first interface of the service object named {@code ...MBean} or {@code ...MXBean} among its object classes. */
    static Class<?> mbeanInterface(ServiceReference<?> reference, Object service) {
        String[] objectClasses = (String[]) reference.getProperty(Constants.OBJECTCLASS);
        for (String objectClass : objectClasses) {
            if (objectClass.endsWith("MBean") || objectClass.endsWith("MXBean")) {
                Class<?> found = findInterface(service.getClass(), objectClass);
                if (found != null) {
                    return found;
                }
            }
        }
        return null;
    }

    /** Searches the class's interfaces (and theirs, and its superclasses'), so no class loading is needed. */
    private static Class<?> findInterface(Class<?> type, String name) {
        Deque<Class<?>> queue = new ArrayDeque<>();
        for (Class<?> c = type; c != null; c = c.getSuperclass()) {
            queue.add(c);
        }
        while (!queue.isEmpty()) {
            Class<?> c = queue.poll();
            if (c.isInterface() && c.getName().equals(name)) {
                return c;
            }
            for (Class<?> i : c.getInterfaces()) {
                queue.add(i);
            }
        }
        return null;
    }
}
