package org.gost4j.chain.relay.internal;

import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelPipeline;

/** Adding a handler after a named one, or at the end when there is none. */
final class Pipelines {

    private Pipelines() {
    }

    static String add(ChannelPipeline p, String after, String name, ChannelHandler handler) {
        if (after == null) {
            p.addLast(name, handler);
        } else {
            p.addAfter(after, name, handler);
        }
        return name;
    }
}
