package org.gost4j.management.internal.jmx;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandleProxies;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.rmi.server.RMIServerSocketFactory;

import javax.net.ServerSocketFactory;

/**
 * RMI server socket factories bound to one address, made of JDK classes only. RMI keeps every server socket
 * factory it ever exported with in a static table that is never cleared ({@code sun.rmi.transport.tcp.TCPEndpoint}),
 * so a factory class of this bundle would keep the bundle's class loader alive after every stop. A method handle
 * turned into the interface by {@link MethodHandleProxies} is a JDK class in the interface's own class loader; the
 * handle itself points at {@link ServerSocketFactory}, also of the JDK. What stays in RMI's table per start is a
 * few small JDK objects.
 */
final class ServerSockets {

    private static final int BACKLOG = 50;
    private static final MethodHandle CREATE;

    static {
        try {
            CREATE = MethodHandles.publicLookup().findVirtual(ServerSocketFactory.class, "createServerSocket",
                    MethodType.methodType(ServerSocket.class, int.class, int.class, InetAddress.class));
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private ServerSockets() {
    }

    /** @param sockets plain ({@link ServerSocketFactory#getDefault()}) or TLS ({@code SSLContext.getServerSocketFactory()}) */
    static RMIServerSocketFactory boundTo(InetAddress address, ServerSocketFactory sockets) {
        MethodHandle create = MethodHandles.insertArguments(CREATE.bindTo(sockets), 1, BACKLOG, address);
        return MethodHandleProxies.asInterfaceInstance(RMIServerSocketFactory.class, create);
    }
}
