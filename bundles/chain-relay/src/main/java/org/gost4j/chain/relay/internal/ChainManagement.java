package org.gost4j.chain.relay.internal;

import org.gost4j.api.transport.ChainMBean;

/** The management view of a {@link ChainTransport}: its nodes, one per hop (passwords hidden), state and endpoints. */
final class ChainManagement implements ChainMBean {

    private final ChainTransport chain;

    ChainManagement(ChainTransport chain) {
        this.chain = chain;
    }

    @Override
    public String getName() {
        return chain.getName();
    }

    @Override
    public String[] getNodes() {
        return chain.getNodes();
    }

    @Override
    public String getState() {
        return chain.getState();
    }

    @Override
    public int getEndpoints() {
        return chain.getEndpoints();
    }

    @Override
    public int getConnectedEndpoints() {
        return chain.getConnectedEndpoints();
    }

    @Override
    public long getDatagramsDropped() {
        return chain.getDatagramsDropped();
    }

    @Override
    public long getDatagramsSent() {
        return chain.getDatagramsSent();
    }

    @Override
    public long getBytesSent() {
        return chain.getBytesSent();
    }

    @Override
    public long getDatagramsReceived() {
        return chain.getDatagramsReceived();
    }

    @Override
    public long getBytesReceived() {
        return chain.getBytesReceived();
    }

    @Override
    public long getReconnects() {
        return chain.getReconnects();
    }
}
