package org.gost4j.chain.relay.internal;

import java.net.PortUnreachableException;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.socket.DatagramPacket;

/** Datagrams from the target go to the relay client, framed; dropped (counted) while its connection is full. */
final class UdpToStream extends SimpleChannelInboundHandler<DatagramPacket> {

    private final Channel client;
    private final RelayServerSession session;
    private final RelayCounters counters;

    UdpToStream(Channel client, RelayServerSession session, RelayCounters counters) {
        this.client = client;
        this.session = session;
        this.counters = counters;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, DatagramPacket packet) {
        session.touch();
        if (!client.isWritable()) {
            counters.dropped.increment();
            return;
        }
        ByteBuf framed = RelayStreamHandler.frameDatagram(packet.content(), client.alloc());
        counters.datagramsToClient.increment();
        client.write(framed, client.voidPromise());
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        client.flush();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        // ICMP port unreachable while the target restarts: UDP semantics, the next datagram may get through
        if (!(cause instanceof PortUnreachableException)) {
            counters.dropped.increment();
        }
    }
}
