package org.gost4j.management.internal.jmx;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandleProxies;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;

import javax.management.remote.JMXServiceURL;

/**
 * Initializes {@link JMXServiceURL} on a thread that runs JDK code only. Its static initializer keeps an
 * {@code Exception} for ever, with the stack trace of the thread that first used the class; if that stack held a
 * frame of this bundle, the trace kept the bundle's first class loader alive after the bundle was updated
 * (found with a heap dump in {@code ManagementBundleLeakTest}). The thread's task is a method handle turned into a
 * {@link Runnable} by the JDK, so no class of this bundle is on that stack.
 */
final class JdkFirstUse {

    private static final String ANY_URL = "service:jmx:rmi://";

    private JdkFirstUse() {
    }

    static void initializeJmxServiceUrl() throws InterruptedException {
        MethodHandle create;
        try {
            create = MethodHandles.publicLookup().findConstructor(JMXServiceURL.class,
                    MethodType.methodType(void.class, String.class));
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
        Thread current = Thread.currentThread();
        ClassLoader previous = current.getContextClassLoader();
        // Java 17 defines the Runnable proxy in the context class loader (Runnable's own is the boot loader)
        current.setContextClassLoader(ClassLoader.getPlatformClassLoader());
        Runnable task;
        try {
            task = MethodHandleProxies.asInterfaceInstance(Runnable.class,
                    MethodHandles.dropReturn(MethodHandles.insertArguments(create, 0, ANY_URL)));
        } finally {
            current.setContextClassLoader(previous);
        }
        Thread thread = new Thread(task, "gost4j-jmxremote-init");
        thread.setContextClassLoader(ClassLoader.getPlatformClassLoader());
        thread.setDaemon(true);
        thread.start();
        thread.join();
    }
}
