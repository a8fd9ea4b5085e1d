package org.gost4j.chain.relay.internal;

import java.io.File;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.util.Collection;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import javax.net.ssl.SSLException;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.ssl.NotSslRecordException;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import io.netty.util.concurrent.DefaultThreadFactory;

/**
 * A listening relay server: a connection gate (bounds), TLS (relay+tls, relay+wss), the WebSocket upgrade
 * (relay+ws, relay+wss), then a relay session per connection.
 */
final class RelayServer implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(RelayServer.class.getName());
    private static final int MAX_HTTP_REQUEST = 16 * 1024;
    /** How often the lines the log left out are summed up. */
    private static final long LOG_SUMMARY_SECONDS = 10;

    private final RelayServerSettings settings;
    private final RelayCounters counters = new RelayCounters();
    private final RelayLog log;
    private final TargetPolicy targets;
    private final ConnectionGate gate;
    private final EventLoopGroup group;
    private final Channel listener;

    /**
     * @param workDir       where a self-signed certificate's key store briefly lives
     * @param tunnelServers the UDP addresses of this host's tunnel servers, for the {@code tunnels} target
     */
    RelayServer(RelayServerSettings settings, Path workDir, Supplier<Collection<InetSocketAddress>> tunnelServers)
            throws IOException, GeneralSecurityException {
        this.settings = settings;
        this.log = new RelayLog(settings.name(), counters, System::nanoTime);
        this.targets = new TargetPolicy(settings.targets(), tunnelServers);
        this.gate = new ConnectionGate(settings.maxSessions(), settings.maxSessionsPerSource(), log);
        SslContext tls = settings.tls() ? serverTls(settings, workDir) : null;
        group = new NioEventLoopGroup(2, new DefaultThreadFactory("gost4j-relay-" + settings.name(), true));
        group.scheduleAtFixedRate(log::flush, LOG_SUMMARY_SECONDS, LOG_SUMMARY_SECONDS, TimeUnit.SECONDS);
        try {
            listener = bind(new ServerBootstrap().group(group).channel(NioServerSocketChannel.class)
                    .option(ChannelOption.SO_REUSEADDR, true)
                    .childOption(ChannelOption.TCP_NODELAY, true)
                    .childHandler(new ChannelInitializer<SocketChannel>() {
                        @Override
                        protected void initChannel(SocketChannel ch) {
                            ChannelPipeline p = ch.pipeline();
                            p.addLast(gate, new HandshakeDeadline(settings.handshakeMillis(), log));
                            if (tls != null) {
                                p.addLast(tls.newHandler(ch.alloc()));
                            }
                            if (settings.transport().websocket()) {
                                p.addLast(new HttpServerCodec(), new HttpObjectAggregator(MAX_HTTP_REQUEST),
                                        new WebSocketUpgradeHandler(RelayServer.this));
                            } else {
                                p.addLast("relay", new RelayServerSession(RelayServer.this));
                            }
                        }
                    }), settings.listen());
        } catch (RuntimeException e) {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS);
            throw new IOException("cannot listen on " + settings.listen() + ": " + e.getMessage(), e);
        }
    }

    private static SslContext serverTls(RelayServerSettings settings, Path workDir)
            throws IOException, GeneralSecurityException {
        if (settings.certFile().isEmpty()) {
            return SslContextBuilder.forServer(SelfSignedKeyStore.create(workDir, "gost4j")).sslProvider(SslProvider.JDK)
                    .build();
        }
        try { // reading the files fails here already for a file that holds no PEM certificate or key
            return SslContextBuilder.forServer(new File(settings.certFile()), new File(settings.keyFile()))
                    .sslProvider(SslProvider.JDK).build();
        } catch (IllegalArgumentException e) {
            throw new IOException("cannot use certificate " + settings.certFile() + " with key " + settings.keyFile()
                    + " (PEM, the key in PKCS#8): " + e.getMessage(), e);
        }
    }

    /**
     * An empty host ({@code :8443}, the wildcard {@link org.gost4j.support.net.HostPort} gives for it) listens on
     * IPv6's wildcard, which takes IPv4 too, as Go's "tcp" listener does (the JDK's wildcard is IPv4's); where
     * the host has no IPv6, on IPv4's. An explicit host, {@code 0.0.0.0} included, is taken as it is.
     */
    private static Channel bind(ServerBootstrap bootstrap, InetSocketAddress address) throws UnknownHostException {
        if (address.isUnresolved()) {
            return bootstrap.bind(new InetSocketAddress(address.getHostString(), address.getPort()))
                    .syncUninterruptibly().channel();
        }
        if (address.getAddress().isAnyLocalAddress()) {
            try {
                return bootstrap.bind(new InetSocketAddress(InetAddress.getByAddress(new byte[16]), address.getPort()))
                        .syncUninterruptibly().channel();
            } catch (RuntimeException noIpv6) {
                // IPv4's wildcard then; a port in use fails there again, with its own message
            }
        }
        return bootstrap.bind(address).syncUninterruptibly().channel();
    }

    RelayServerSettings settings() {
        return settings;
    }

    RelayCounters counters() {
        return counters;
    }

    RelayLog log() {
        return log;
    }

    TargetPolicy targets() {
        return targets;
    }

    int connections() {
        return gate.connections();
    }

    InetSocketAddress localAddress() {
        return (InetSocketAddress) listener.localAddress();
    }

    /** Logs (rate-limited) and closes a connection whose TLS, HTTP or socket failed. */
    void connectionError(ChannelHandlerContext ctx, Throwable cause) {
        Throwable root = cause;
        while (root.getCause() != null && !(root instanceof SSLException)) {
            root = root.getCause();
        }
        if (root instanceof NotSslRecordException) {
            log.log(RelayEvent.NOT_TLS, ctx.channel().remoteAddress(), "");
        } else if (root instanceof SSLException) {
            log.log(RelayEvent.NOT_TLS, ctx.channel().remoteAddress(), "TLS: " + root.getMessage());
        } else {
            log.log(RelayEvent.BROKEN, ctx.channel().remoteAddress(), Failures.describe(root));
        }
        ctx.close();
    }

    /** Closes the listener and every session, and waits (bounded) for the threads to end. */
    @Override
    public void close() {
        listener.close().awaitUninterruptibly(5, TimeUnit.SECONDS);
        log.flush();
        if (!group.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly(10, TimeUnit.SECONDS)) {
            LOG.log(Level.WARNING, "relay " + settings.name() + ": threads did not stop within 10 s");
        }
    }
}
