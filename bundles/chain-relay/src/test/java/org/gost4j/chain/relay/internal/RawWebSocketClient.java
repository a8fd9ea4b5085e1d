package org.gost4j.chain.relay.internal;

import java.net.URI;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketClientProtocolConfig;
import io.netty.handler.codec.http.websocketx.WebSocketClientProtocolHandler;
import io.netty.handler.codec.http.websocketx.WebSocketClientProtocolHandler.ClientHandshakeStateEvent;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import io.netty.handler.ssl.util.InsecureTrustManagerFactory;

/** A test client that speaks WebSocket over TLS and sends whatever bytes a test gives it. */
final class RawWebSocketClient implements AutoCloseable {

    final BlockingQueue<String> received = new LinkedBlockingQueue<>();
    private final EventLoopGroup group = new NioEventLoopGroup(1);
    private final Channel channel;

    RawWebSocketClient(int port) throws Exception {
        var tls = SslContextBuilder.forClient().sslProvider(SslProvider.JDK)
                .trustManager(InsecureTrustManagerFactory.INSTANCE).build();
        var handshake = new java.util.concurrent.CompletableFuture<Void>();
        channel = new Bootstrap().group(group).channel(NioSocketChannel.class)
                .handler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        ch.pipeline().addLast(tls.newHandler(ch.alloc(), "localhost", port), new HttpClientCodec(),
                                new HttpObjectAggregator(8192),
                                new WebSocketClientProtocolHandler(WebSocketClientProtocolConfig.newBuilder()
                                        .webSocketUri(URI.create("wss://localhost:" + port + "/ws"))
                                        .handleCloseFrames(false).build()),
                                new SimpleChannelInboundHandler<WebSocketFrame>() {
                                    @Override
                                    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
                                        if (evt == ClientHandshakeStateEvent.HANDSHAKE_COMPLETE) {
                                            handshake.complete(null);
                                        }
                                    }

                                    @Override
                                    protected void channelRead0(ChannelHandlerContext ctx, WebSocketFrame frame) {
                                        if (frame instanceof CloseWebSocketFrame close) {
                                            received.add("close " + close.statusCode());
                                        } else if (frame instanceof BinaryWebSocketFrame) {
                                            received.add(ByteBufUtil.hexDump(frame.content()));
                                        }
                                    }

                                    @Override
                                    public void channelInactive(ChannelHandlerContext ctx) {
                                        received.add("closed");
                                    }
                                });
                    }
                }).connect("127.0.0.1", port).sync().channel();
        handshake.get(10, TimeUnit.SECONDS);
    }

    void send(String hex) {
        ByteBuf bytes = Unpooled.wrappedBuffer(ByteBufUtil.decodeHexDump(hex));
        channel.writeAndFlush(new BinaryWebSocketFrame(bytes)).syncUninterruptibly();
    }

    String next() throws InterruptedException {
        String next = received.poll(15, TimeUnit.SECONDS);
        return next == null ? "(nothing within 15 s)" : next;
    }

    @Override
    public void close() {
        channel.close().syncUninterruptibly();
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }
}
