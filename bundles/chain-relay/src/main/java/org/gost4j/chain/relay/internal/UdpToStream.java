package org.gost4j.chain.relay.internal;

import java.net.PortUnreachableException;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.socket.DatagramPacket;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;

/** Datagrams from the target go to the relay client, framed; dropped (counted) while its connection is full. */
final class UdpToStream extends SimpleChannelInboundHandler<DatagramPacket> {

    private final Channel ws;
    private final RelayCounters counters;

    UdpToStream(Channel ws, RelayCounters counters) {
        this.ws = ws;
        this.counters = counters;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, DatagramPacket packet) {
        if (!ws.isWritable()) {
            counters.dropped.increment();
            return;
        }
        ByteBuf framed = RelayStreamHandler.frameDatagram(packet.content(), ws.alloc());
        counters.datagramsToClient.increment();
        ws.write(new BinaryWebSocketFrame(framed), ws.voidPromise());
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        ws.flush();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        // ICMP port unreachable while the target restarts: UDP semantics, the next datagram may get through
        if (!(cause instanceof PortUnreachableException)) {
            counters.dropped.increment();
        }
    }
}
