package org.gost4j.chain.relay.internal;

import java.io.File;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongSupplier;
import java.util.stream.Collectors;

import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLParameters;

import org.gost4j.api.transport.DatagramEndpoint;
import org.gost4j.api.transport.DatagramTransport;
import org.gost4j.support.log.RateLimitedLog;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.SslProvider;
import io.netty.handler.ssl.util.InsecureTrustManagerFactory;
import io.netty.handler.timeout.IdleStateHandler;
import io.netty.util.concurrent.DefaultThreadFactory;

/**
 * A chain of relay nodes, one per hop. Each endpoint it opens is its own TCP connection to the first hop,
 * through which every further hop is reached by a relay TCP {@code CONNECT} of the hop before, and whose last
 * hop carries one relay UDP association to the endpoint's remote address (GOST's chain semantics). All of it
 * lives in one Netty pipeline: per hop its TLS and WebSocket handlers and a relay handler (see {@link Hop}).
 * A connection that drops anywhere is re-dialled from the first hop.
 */
final class ChainTransport implements DatagramTransport, AutoCloseable {

    private static final System.Logger LOG = System.getLogger(ChainTransport.class.getName());
    /** A ping when nothing was sent for this long keeps NATs open and shows a dead server. */
    static final int PING_SECONDS = 15;
    static final int DEAD_SECONDS = 4 * PING_SECONDS;
    /** How often the log lines left out are summed up. */
    private static final long LOG_SUMMARY_SECONDS = 10;

    private final String name;
    private final List<NodeSettings> nodes;
    private final List<SslContext> tls = new ArrayList<>();
    /** Name of the innermost WebSocket stream handler (the one pings go through), or null. */
    private final String pingLayer;
    private final long connectMillis;
    private final EventLoopGroup group;
    private final Set<RelayEndpoint> open = ConcurrentHashMap.newKeySet();
    /** Sessions going down and up, which the far end decides: rate-limited, summed up every 10 s. */
    private final RateLimitedLog<ChainEvent> events;
    /** Traffic and reconnects of every endpoint, kept when an endpoint closes (dropped datagrams are per endpoint). */
    final LongAdder datagramsSent = new LongAdder();
    final LongAdder bytesSent = new LongAdder();
    final LongAdder datagramsReceived = new LongAdder();
    final LongAdder bytesReceived = new LongAdder();
    final LongAdder reconnects = new LongAdder();

    ChainTransport(String name, List<NodeSettings> nodes, long connectMillis) throws SSLException {
        this(name, nodes, connectMillis, System::nanoTime);
    }

    /** @param nanoClock the clock of the log's rate limit */
    ChainTransport(String name, List<NodeSettings> nodes, long connectMillis, LongSupplier nanoClock)
            throws SSLException {
        if (nodes.isEmpty()) {
            throw new IllegalArgumentException("a chain needs at least one node");
        }
        this.name = name;
        this.nodes = List.copyOf(nodes);
        this.connectMillis = connectMillis;
        String innermostWebSocket = null;
        for (int i = 0; i < nodes.size(); i++) {
            NodeSettings node = nodes.get(i);
            tls.add(node.tls() ? clientTls(node) : null);
            if (node.websocket()) {
                innermostWebSocket = hop(i).name("ws-stream");
            }
        }
        this.pingLayer = innermostWebSocket;
        this.group = new NioEventLoopGroup(1, new DefaultThreadFactory("gost4j-chain-" + name, true));
        this.events = new RateLimitedLog<>(System.getLogger(RelayEndpoint.class.getName()), "chain " + name + ": ",
                ChainEvent.class, RateLimitedLog.BURST, TimeUnit.SECONDS.toNanos(RateLimitedLog.REFILL_SECONDS),
                nanoClock);
        group.scheduleAtFixedRate(events::flush, LOG_SUMMARY_SECONDS, LOG_SUMMARY_SECONDS, TimeUnit.SECONDS);
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

    List<NodeSettings> nodes() {
        return nodes;
    }

    long connectMillis() {
        return connectMillis;
    }

    private Hop hop(int index) {
        return new Hop(index, nodes.size(), nodes.get(index));
    }

    Hop firstHop() {
        return hop(0);
    }

    /** The nodes in order, passwords hidden: {@code relay+tls://a:8443 -> relay+wss://b:8443/ws}. */
    String route() {
        return nodes.stream().map(NodeSettings::toString).collect(Collectors.joining(" -> "));
    }

    RateLimitedLog<ChainEvent> events() {
        return events;
    }

    void execute(Runnable task) {
        group.next().execute(task);
    }

    public String getName() {
        return name;
    }

    public String[] getNodes() {
        return nodes.stream().map(NodeSettings::toString).toArray(String[]::new);
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

    /** Starts one connection attempt to the first hop; its handlers report to {@code endpoint}. */
    ChannelFuture dial(RelayEndpoint endpoint) {
        NodeSettings first = nodes.get(0);
        return new Bootstrap().group(group).channel(NioSocketChannel.class)
                .option(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) connectMillis)
                .handler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        if (pingLayer != null) {
                            ch.pipeline().addLast("idle", new IdleStateHandler(DEAD_SECONDS, PING_SECONDS, 0));
                        }
                        addHop(ch.pipeline(), null, firstHop(), endpoint);
                    }
                }).connect(first.host(), first.port());
    }

    /**
     * Adds a hop's handlers after the handler named {@code after} (null: at the end): TLS, the WebSocket
     * upgrade, then its relay handler, which adds the next hop's handlers in turn.
     */
    void addHop(ChannelPipeline p, String after, Hop hop, RelayEndpoint endpoint) {
        String last = after;
        SslContext context = tls.get(hop.index());
        if (context != null) {
            last = Pipelines.add(p, last, hop.name("tls"), tlsHandler(p.channel(), context, hop.node()));
        }
        if (hop.node().websocket()) {
            last = WebSocketHopHandshake.addTo(p, last, hop);
        }
        Pipelines.add(p, last, hop.name("relay"), hop.last() ? new RelayClientSession(endpoint, hop, pingLayer)
                : new RelayConnectHop(this, endpoint, hop, hop(hop.index() + 1)));
    }

    private SslHandler tlsHandler(Channel ch, SslContext context, NodeSettings node) {
        SslHandler handler = context.newHandler(ch.alloc(), node.tlsName(), node.port());
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
        events.flush();
        if (!group.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly(10, TimeUnit.SECONDS)) {
            LOG.log(Level.WARNING, "chain " + name + ": thread did not stop within 10 s");
        }
    }
}
