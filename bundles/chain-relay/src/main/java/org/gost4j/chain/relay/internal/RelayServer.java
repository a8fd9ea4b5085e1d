package org.gost4j.chain.relay.internal;

import java.io.File;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.util.concurrent.TimeUnit;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import io.netty.util.concurrent.DefaultThreadFactory;

/** A listening relay server: TLS (optional), HTTP, WebSocket upgrade, then a relay session per connection. */
final class RelayServer implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(RelayServer.class.getName());
    private static final int MAX_HTTP_REQUEST = 16 * 1024;

    private final RelayServerSettings settings;
    private final RelayCounters counters = new RelayCounters();
    private final EventLoopGroup group;
    private final Channel listener;

    /** @param workDir where a self-signed certificate's key store briefly lives */
    RelayServer(RelayServerSettings settings, Path workDir) throws IOException, GeneralSecurityException {
        this.settings = settings;
        SslContext tls = settings.tls() ? serverTls(settings, workDir) : null;
        group = new NioEventLoopGroup(2, new DefaultThreadFactory("gost4j-relay-" + settings.name(), true));
        try {
            listener = new ServerBootstrap().group(group).channel(NioServerSocketChannel.class)
                    .option(ChannelOption.SO_REUSEADDR, true)
                    .childOption(ChannelOption.TCP_NODELAY, true)
                    .childHandler(new ChannelInitializer<SocketChannel>() {
                        @Override
                        protected void initChannel(SocketChannel ch) {
                            ChannelPipeline p = ch.pipeline();
                            p.addLast(new HandshakeDeadline(settings.handshakeMillis()));
                            if (tls != null) {
                                p.addLast(tls.newHandler(ch.alloc()));
                            }
                            p.addLast(new HttpServerCodec(), new HttpObjectAggregator(MAX_HTTP_REQUEST),
                                    new WebSocketUpgradeHandler(RelayServer.this));
                        }
                    }).bind(bindAddress(settings.listen())).syncUninterruptibly().channel();
        } catch (RuntimeException e) {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS);
            throw new IOException("cannot listen on " + settings.listen() + ": " + e.getMessage(), e);
        }
    }

    private static SslContext serverTls(RelayServerSettings settings, Path workDir)
            throws IOException, GeneralSecurityException {
        SslContextBuilder builder;
        if (settings.certFile().isEmpty()) {
            builder = SslContextBuilder.forServer(SelfSignedKeyStore.create(workDir, "gost4j"));
        } else {
            builder = SslContextBuilder.forServer(new File(settings.certFile()), new File(settings.keyFile()));
        }
        try {
            return builder.sslProvider(SslProvider.JDK).build();
        } catch (IllegalArgumentException e) {
            throw new IOException("cannot use certificate " + settings.certFile() + " with key " + settings.keyFile()
                    + " (PEM, the key in PKCS#8): " + e.getMessage(), e);
        }
    }

    private static InetSocketAddress bindAddress(InetSocketAddress address) {
        return address.isUnresolved() ? new InetSocketAddress(address.getHostString(), address.getPort()) : address;
    }

    RelayServerSettings settings() {
        return settings;
    }

    RelayCounters counters() {
        return counters;
    }

    InetSocketAddress localAddress() {
        return (InetSocketAddress) listener.localAddress();
    }

    /** Closes the listener and every session, and waits (bounded) for the threads to end. */
    @Override
    public void close() {
        listener.close().awaitUninterruptibly(5, TimeUnit.SECONDS);
        if (!group.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly(10, TimeUnit.SECONDS)) {
            LOG.log(Level.WARNING, "relay " + settings.name() + ": threads did not stop within 10 s");
        }
    }
}
