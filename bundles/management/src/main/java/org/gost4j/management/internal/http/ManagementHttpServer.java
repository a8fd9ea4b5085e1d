package org.gost4j.management.internal.http;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;

import com.sun.net.httpserver.HttpContext;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;

/**
 * The JDK's HttpServer with exchanges bounded in number and time ({@link DeadlineExecutor}). Created and stopped
 * by its owner, with no shutdown hook and no threads left behind once stopped.
 */
public final class ManagementHttpServer {

    /** Requests served at once; more wait in a queue of {@link #QUEUED}. */
    static final int THREADS = 8;
    static final int QUEUED = 64;
    /** From the request's first byte to the response's last; loopback requests take milliseconds. */
    static final Duration EXCHANGE_DEADLINE = Duration.ofSeconds(10);
    private static final int BACKLOG = 50;
    private static final Duration STOP_WAIT = Duration.ofSeconds(5);

    private final HttpServer server;
    private final DeadlineExecutor executor;

    private ManagementHttpServer(HttpServer server, DeadlineExecutor executor) {
        this.server = server;
        this.executor = executor;
    }

    /** Binds the address; nothing is served until {@link #start()}. */
    public static ManagementHttpServer bind(InetSocketAddress address, String threadName) throws IOException {
        return bind(address, threadName, EXCHANGE_DEADLINE);
    }

    static ManagementHttpServer bind(InetSocketAddress address, String threadName, Duration deadline) throws IOException {
        HttpServer server = HttpServer.create(address, BACKLOG);
        DeadlineExecutor executor = new DeadlineExecutor(threadName, THREADS, QUEUED, deadline);
        server.setExecutor(executor);
        return new ManagementHttpServer(server, executor);
    }

    public HttpContext serve(String path, HttpHandler handler) {
        return server.createContext(path, handler);
    }

    public void start() {
        server.start();
    }

    public InetSocketAddress address() {
        return server.getAddress();
    }

    /** Closes the socket and every connection, and ends the server's threads. */
    public void stop() {
        server.stop(0);
        try {
            executor.shutdown(STOP_WAIT);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
