package org.gost4j.chain.relay.internal;

import java.io.File;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.net.InetSocketAddress;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLParameters;

import org.gost4j.api.transport.DatagramEndpoint;
import org.gost4j.api.transport.DatagramTransport;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.websocketx.WebSocketClientHandshakerFactory;
import io.netty.handler.codec.http.websocketx.WebSocketClientProtocolConfig;
import io.netty.handler.codec.http.websocketx.WebSocketClientProtocolHandler;
import io.netty.handler.codec.http.websocketx.WebSocketVersion;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.SslProvider;
import io.netty.handler.ssl.util.InsecureTrustManagerFactory;
import io.netty.handler.timeout.IdleStateHandler;
import io.netty.util.concurrent.DefaultThreadFactory;

/**
 * A chain of one relay node: each endpoint it opens is its own WebSocket connection carrying one relay UDP
 * association to the endpoint's remote address, re-dialled whenever it drops.
 */
final class ChainTransport implements DatagramTransport, AutoCloseable {

    private static final System.Logger LOG = System.getLogger(ChainTransport.class.getName());
    private static final int MAX_HTTP_RESPONSE = 16 * 1024;
    /** A ping when nothing was sent for this long keeps NATs open and shows a dead server. */
    static final int PING_SECONDS = 15;
    static final int DEAD_SECONDS = 4 * PING_SECONDS;

    private final String name;
    private final NodeSettings node;
    private final long connectMillis;
    private final SslContext tls;
    private final EventLoopGroup group;
    private final Set<RelayEndpoint> open = ConcurrentHashMap.newKeySet();
    /** Traffic and reconnects of every endpoint, kept when an endpoint closes (dropped datagrams are per endpoint). */
    final LongAdder datagramsSent = new LongAdder();
    final LongAdder bytesSent = new LongAdder();
    final LongAdder datagramsReceived = new LongAdder();
    final LongAdder bytesReceived = new LongAdder();
    final LongAdder reconnects = new LongAdder();

    ChainTransport(String name, NodeSettings node, long connectMillis) throws SSLException {
        this.name = name;
        this.node = node;
        this.connectMillis = connectMillis;
        this.tls = node.tls() ? clientTls(node) : null;
        this.group = new NioEventLoopGroup(1, new DefaultThreadFactory("gost4j-chain-" + name, true));
    }

    private static SslContext clientTls(NodeSettings node) throws SSLException {
        SslContextBuilder builder = SslContextBuilder.forClient().sslProvider(SslProvider.JDK);
        if (!node.secure()) {
            builder.trustManager(InsecureTrustManagerFactory.INSTANCE);
        } else if (!node.caFile().isEmpty()) {
            builder.trustManager(new File(node.caFile()));
        }
        return builder.build();
    }

    String name() {
        return name;
    }

    NodeSettings node() {
        return node;
    }

    public String getName() {
        return name;
    }

    public String[] getNodes() {
        return new String[] {node.toString()};
    }

    public String getState() {
        int endpoints = open.size();
        return endpoints == 0 ? "idle" : getConnectedEndpoints() == endpoints ? "connected" : "connecting";
    }

    public int getEndpoints() {
        return open.size();
    }

    public int getConnectedEndpoints() {
        return (int) open.stream().filter(RelayEndpoint::connected).count();
    }

    public long getDatagramsDropped() {
        return open.stream().mapToLong(e -> e.dropped.sum()).sum();
    }

    public long getDatagramsSent() {
        return datagramsSent.sum();
    }

    public long getBytesSent() {
        return bytesSent.sum();
    }

    public long getDatagramsReceived() {
        return datagramsReceived.sum();
    }

    public long getBytesReceived() {
        return bytesReceived.sum();
    }

    public long getReconnects() {
        return reconnects.sum();
    }

    /**
     * Returns at once with an endpoint that connects in the background (waiting briefly for the first
     * connection, so a tunnel's first datagrams are not lost) and reconnects until closed.
     */
    @Override
    public DatagramEndpoint open(InetSocketAddress local, InetSocketAddress remote) throws IOException {
        if (remote == null) {
            throw new IOException("chain " + name + " carries client endpoints only (a remote address is needed)");
        }
        RelayEndpoint endpoint = new RelayEndpoint(this, remote, open::remove);
        open.add(endpoint);
        endpoint.start(connectMillis);
        return endpoint;
    }

    /** Starts one connection attempt whose relay session reports to {@code endpoint}. */
    ChannelFuture dial(RelayEndpoint endpoint, RelayRequest request) {
        return new Bootstrap().group(group).channel(NioSocketChannel.class)
                .option(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) connectMillis)
                .handler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        ChannelPipeline p = ch.pipeline();
                        if (tls != null) {
                            p.addLast(tlsHandler(ch));
                        }
                        WebSocketClientProtocolConfig config = WebSocketClientProtocolConfig.newBuilder()
                                .webSocketUri(node.webSocketUri())
                                .version(WebSocketVersion.V13)
                                .allowExtensions(false)
                                .customHeaders(new DefaultHttpHeaders())
                                .maxFramePayloadLength(WebSocketUpgradeHandler.MAX_FRAME_PAYLOAD)
                                .handshakeTimeoutMillis(connectMillis)
                                .build();
                        p.addLast(new HttpClientCodec(), new HttpObjectAggregator(MAX_HTTP_RESPONSE),
                                new WebSocketClientProtocolHandler(config),
                                new IdleStateHandler(DEAD_SECONDS, PING_SECONDS, 0),
                                new WebSocketFrameUnwrapper(),
                                new RelayClientSession(endpoint, request));
                    }
                }).connect(node.host(), node.port());
    }

    private SslHandler tlsHandler(SocketChannel ch) {
        SslHandler handler = tls.newHandler(ch.alloc(), node.tlsName(), node.port());
        if (node.secure()) {
            // check that the certificate names the server, as a browser would
            SSLEngine engine = handler.engine();
            SSLParameters parameters = engine.getSSLParameters();
            parameters.setEndpointIdentificationAlgorithm("HTTPS");
            engine.setSSLParameters(parameters);
        }
        handler.setHandshakeTimeoutMillis(connectMillis);
        return handler;
    }

    /** Closes every endpoint and stops the thread (bounded wait). */
    @Override
    public void close() {
        open.forEach(RelayEndpoint::close);
        if (!group.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly(10, TimeUnit.SECONDS)) {
            LOG.log(Level.WARNING, "chain " + name + ": thread did not stop within 10 s");
        }
    }
}
