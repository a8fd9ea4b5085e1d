package org.gost4j.tunnel.internal;

import java.net.InetAddress;

import org.gost4j.api.device.DeviceType;
import org.gost4j.api.device.IpNetwork;
import org.gost4j.api.device.TunDevice;
import org.gost4j.api.io.PacketBatch;

/** A device the benchmarks never read or write: the server engine needs one to exist. */
final class BenchDevice implements TunDevice {

    @Override
    public String name() {
        return "bench0";
    }

    @Override
    public DeviceType type() {
        return DeviceType.TUN;
    }

    @Override
    public int mtu() {
        return 1350;
    }

    @Override
    public int batchSize() {
        return 1;
    }

    @Override
    public int read(PacketBatch batch) {
        return 0;
    }

    @Override
    public void write(PacketBatch batch) {
        batch.clear();
    }

    @Override
    public void addRoute(IpNetwork route) {
    }

    @Override
    public void addRoute(IpNetwork route, InetAddress gateway) {
    }

    @Override
    public void removeRoute(IpNetwork route) {
    }

    @Override
    public void close() {
    }
}
