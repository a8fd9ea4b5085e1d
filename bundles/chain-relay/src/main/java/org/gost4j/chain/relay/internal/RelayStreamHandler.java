package org.gost4j.chain.relay.internal;

import static org.gost4j.chain.relay.internal.RelayProtocol.DATAGRAM_LENGTH_BYTES;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;

/**
 * The relay byte stream, from TLS or from WebSocket binary messages: message boundaries mean nothing (GOST
 * writes a datagram's length and its bytes as two messages), so the bytes are gathered here and subclasses
 * take whole requests, responses and datagrams out of them.
 */
abstract class RelayStreamHandler extends ChannelInboundHandlerAdapter {

    /** More unprocessed bytes than this means a peer that does not speak the protocol. */
    private static final int MAX_PENDING_BYTES = 1 << 20;

    private ByteBuf stream;

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        stream = ctx.alloc().buffer(4096);
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        stream.release();
    }

    @Override
    public final void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!(msg instanceof ByteBuf bytes)) {
            ctx.fireChannelRead(msg);
            return;
        }
        if (!stream.isReadable() && passThrough(ctx, bytes)) {
            return;
        }
        try {
            stream.writeBytes(bytes);
        } finally {
            bytes.release();
        }
        process(ctx);
    }

    /** Takes what it can out of the gathered bytes; also called when a subclass becomes ready for more. */
    protected final void process(ChannelHandlerContext ctx) {
        try {
            decode(ctx, stream);
        } catch (RelayException e) {
            refuse(ctx, e);
            return;
        }
        if (stream.readableBytes() > MAX_PENDING_BYTES) {
            refuse(ctx, new RelayException(RelayProtocol.STATUS_BAD_REQUEST, "more than " + MAX_PENDING_BYTES
                    + " bytes pending"));
            return;
        }
        stream.discardSomeReadBytes();
    }

    /**
     * Lets a subclass take bytes as they come, without gathering, once nothing is pending (a relayed TCP
     * stream).
     *
     * @return true if it took {@code bytes} (and their release)
     */
    protected boolean passThrough(ChannelHandlerContext ctx, ByteBuf bytes) {
        return false;
    }

    protected abstract void decode(ChannelHandlerContext ctx, ByteBuf in) throws RelayException;

    /** The stream broke the protocol: answer if that makes sense, and close. */
    protected abstract void refuse(ChannelHandlerContext ctx, RelayException e);

    /**
     * Takes one {@code LEN(2) DATA} datagram if it is complete.
     *
     * @return a new buffer holding the datagram, or null when more bytes are needed
     */
    static ByteBuf readDatagram(ByteBuf in, ByteBufAllocator alloc) {
        if (in.readableBytes() < DATAGRAM_LENGTH_BYTES) {
            return null;
        }
        int length = in.getUnsignedShort(in.readerIndex());
        if (in.readableBytes() < DATAGRAM_LENGTH_BYTES + length) {
            return null;
        }
        in.skipBytes(DATAGRAM_LENGTH_BYTES);
        ByteBuf datagram = alloc.buffer(length);
        in.readBytes(datagram, length);
        return datagram;
    }

    /** Bytes of one datagram as it travels: length then data. */
    static ByteBuf frameDatagram(ByteBuf datagram, ByteBufAllocator alloc) {
        ByteBuf framed = alloc.buffer(DATAGRAM_LENGTH_BYTES + datagram.readableBytes());
        framed.writeShort(datagram.readableBytes());
        framed.writeBytes(datagram);
        return framed;
    }
}
