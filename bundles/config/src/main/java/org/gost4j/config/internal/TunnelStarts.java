package org.gost4j.config.internal;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;

import org.gost4j.api.tunnel.TunnelMBean;
import org.gost4j.api.tunnel.TunnelState;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.ServiceReference;

/**
 * Watches tunnels start after their configuration changed: each registers its management service at once, as
 * {@code starting}, then says {@code up} or {@code failed}. Service ids only grow, so a tunnel's new instance is
 * told from the old one still stopping by an id above a {@link #mark} taken before the change.
 */
final class TunnelStarts {

    private static final long POLL_MILLIS = 50;

    private final BundleContext context;

    TunnelStarts(BundleContext context) {
        this.context = context;
    }

    /** The highest id among the tunnel services now. */
    long mark() {
        long mark = 0;
        for (ServiceReference<TunnelMBean> reference : references("(name=*)")) {
            mark = Math.max(mark, id(reference));
        }
        return mark;
    }

    /**
     * Waits until each named tunnel's instance newer than {@code mark} has left {@code starting}, or
     * {@code timeoutMillis} passed (a tunnel still starting, or not there, e.g. its driver is absent, is not
     * judged).
     *
     * @return the names of those that failed, with their reason
     */
    Map<String, String> failures(Collection<String> names, long mark, long timeoutMillis) throws InterruptedException {
        Map<String, String> failed = new LinkedHashMap<>();
        Map<String, Boolean> pending = new LinkedHashMap<>();
        names.forEach(name -> pending.put(name, true));
        long deadline = System.currentTimeMillis() + timeoutMillis;
        while (!pending.isEmpty() && System.currentTimeMillis() < deadline) {
            for (String name : pending.keySet().toArray(String[]::new)) {
                String[] outcome = outcome(name, mark);
                if (outcome != null) {
                    pending.remove(name);
                    if (outcome[0].equals(TunnelState.FAILED.label())) {
                        failed.put(name, outcome[1]);
                    }
                }
            }
            if (!pending.isEmpty()) {
                Thread.sleep(POLL_MILLIS);
            }
        }
        return failed;
    }

    /** {state, lastError} of the tunnel's newest instance past starting, or null while there is none. */
    private String[] outcome(String name, long mark) {
        for (ServiceReference<TunnelMBean> reference : references("(name=" + name + ")")) {
            if (id(reference) <= mark) {
                continue;
            }
            TunnelMBean tunnel = context.getService(reference);
            if (tunnel == null) {
                continue; // gone meanwhile
            }
            try {
                String state = tunnel.getState();
                if (!state.equals(TunnelState.STARTING.label())) {
                    return new String[] {state, tunnel.getLastError()};
                }
            } finally {
                context.ungetService(reference);
            }
        }
        return null;
    }

    private Collection<ServiceReference<TunnelMBean>> references(String filter) {
        try {
            return context.getServiceReferences(TunnelMBean.class, filter);
        } catch (InvalidSyntaxException e) {
            throw new IllegalArgumentException(e);
        }
    }

    private static long id(ServiceReference<?> reference) {
        return (Long) reference.getProperty(Constants.SERVICE_ID);
    }
}
