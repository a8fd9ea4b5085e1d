package org.gost4j.device.linux.internal;

import static org.gost4j.device.linux.internal.IcmpPackets.echoRequest;
import static org.gost4j.device.linux.internal.IcmpPackets.single;

import java.nio.channels.ClosedChannelException;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.gost4j.api.device.DeviceSpec;
import org.gost4j.api.device.DeviceType;
import org.gost4j.api.device.IpNetwork;
import org.gost4j.api.device.TunDevice;
import org.gost4j.api.io.PacketBatch;

/**
 * A device's whole life through {@link LinuxDeviceDriver}, run alone in a child JVM by {@link JnaFreeTest}, which
 * watches the classes it loads: open and configure a TUN with offloads and one without, carry a packet each way,
 * add and remove a route, wake a blocked reader by closing, stop the driver. Exits 0 when all went as expected.
 */
public final class DeviceLifeRun {

    private DeviceLifeRun() {
    }

    public static void main(String[] args) throws Exception {
        LinuxDeviceDriver driver = new LinuxDeviceDriver();
        for (boolean offload : new boolean[] {true, false}) {
            live(driver, offload ? "g4jlife1" : "g4jlife0", offload);
        }
        driver.deactivate();
        System.out.println("device life done");
    }

    private static void live(LinuxDeviceDriver driver, String name, boolean offload) throws Exception {
        byte third = (byte) (offload ? 1 : 0);
        TunDevice tun = driver.open(new DeviceSpec(name, DeviceType.TUN, 1400,
                List.of(IpNetwork.parse("10.86." + third + ".1/24")), List.of(IpNetwork.parse("10.87." + third + ".0/24")),
                null, offload));
        // The kernel answers an echo request to the tun's own address through the tun.
        tun.write(single(echoRequest(new byte[] {10, 86, third, 2}, new byte[] {10, 86, third, 1})));
        PacketBatch batch = PacketBatch.allocate(tun.batchSize(), 4 * PacketBatch.MAX_PACKET);
        boolean replied = false;
        while (!replied) {
            batch.clear();
            tun.read(batch);
            for (int i = 0; i < batch.size(); i++) {
                replied |= batch.length(i) == 84 && batch.buffer().get(batch.offset(i) + 20) == 0;
            }
        }
        IpNetwork route = IpNetwork.parse("10.88." + third + ".0/24");
        tun.addRoute(route);
        tun.removeRoute(route);

        CompletableFuture<Throwable> reader = CompletableFuture.supplyAsync(() -> {
            try {
                while (true) {
                    batch.clear();
                    tun.read(batch);
                }
            } catch (Throwable e) {
                return e;
            }
        });
        Thread.sleep(200);
        tun.close();
        Throwable woken = reader.get(5, TimeUnit.SECONDS);
        if (!(woken instanceof ClosedChannelException)) {
            throw new AssertionError("the blocked reader ended with " + woken, woken);
        }
    }
}
