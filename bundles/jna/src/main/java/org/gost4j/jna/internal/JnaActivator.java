package org.gost4j.jna.internal;

import java.lang.reflect.Field;

import com.sun.jna.internal.Cleaner;

import org.osgi.framework.BundleActivator;
import org.osgi.framework.BundleContext;

/**
 * Ends JNA's cleaner thread when this bundle stops. JNA starts it on first use and ends it only after 30 s
 * without native objects to clean; but the objects our bundles keep in JNA's static caches stay reachable as long
 * as that thread runs a class of this bundle, so it would never end: after an uninstall it would keep this
 * bundle's class loader, and through JNA's caches our other bundles' class loaders, alive forever. JNA starts a
 * new thread when used again after a restart (the field that remembers the thread is cleared).
 */
public final class JnaActivator implements BundleActivator {

    private static final long JOIN_MILLIS = 5_000;
    /** The name JNA 5 gives its cleaner thread ({@code com.sun.jna.internal.Cleaner.CleanerThread}). */
    private static final String CLEANER_THREAD = "JNA Cleaner";

    @Override
    public void start(BundleContext context) {
        // JNA starts its cleaner itself, when needed
    }

    @Override
    public void stop(BundleContext context) throws Exception {
        if (cleanerThreadRuns()) {
            endCleanerThread();
        }
    }

    /**
     * Looked up by the thread's name, without touching JNA: with their JNI libraries our Linux bundles never use
     * JNA, and an appliance that never did loads none of its classes, not even at stop. Another JNA copy's thread
     * of the same name (Karaf's shell has one) only costs the look at our cleaner, which then has no thread.
     */
    private static boolean cleanerThreadRuns() {
        ThreadGroup root = Thread.currentThread().getThreadGroup();
        while (root.getParent() != null) {
            root = root.getParent();
        }
        Thread[] threads = new Thread[root.activeCount() + 8];
        int count = root.enumerate(threads, true);
        for (int i = 0; i < count; i++) {
            if (CLEANER_THREAD.equals(threads[i].getName())) {
                return true;
            }
        }
        return false;
    }

    private static void endCleanerThread() throws ReflectiveOperationException, InterruptedException {
        Cleaner cleaner = Cleaner.getCleaner();
        Field field = Cleaner.class.getDeclaredField("cleanerThread");
        field.setAccessible(true);
        Thread thread;
        synchronized (cleaner) { // Cleaner.register holds this monitor while it starts the thread
            thread = (Thread) field.get(cleaner);
            field.set(cleaner, null);
        }
        if (thread != null) {
            thread.interrupt(); // its loop ends on InterruptedException
            thread.join(JOIN_MILLIS);
        }
    }
}
