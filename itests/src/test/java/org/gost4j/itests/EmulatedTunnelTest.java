package org.gost4j.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;

import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Arrays;
import java.util.Hashtable;
import java.util.concurrent.TimeUnit;

import javax.inject.Inject;

import org.gost4j.api.device.DeviceDriver;
import org.gost4j.api.tunnel.TunnelMBean;
import org.gost4j.api.tunnel.TunnelPids;
import org.gost4j.device.emulated.EmulatedDevice;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.FrameworkUtil;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.util.tracker.ServiceTracker;

/**
 * The whole tunnel logic in one Felix, no root and no kernel device: a server and a client tunnel over
 * loopback UDP, each on an emulated device ({@code driver.target=(driver=emulated)}). Packets injected on one
 * device's kernel side come out of the other's, both ways, an ICMP echo request crosses the tunnel and the
 * server's emulated kernel answers it, and the TunnelMBean counters agree.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class EmulatedTunnelTest {

    private static final long TIMEOUT_MS = 10_000;
    private static final Duration WAIT = Duration.ofMillis(TIMEOUT_MS);
    private static final String EMULATED = "(" + DeviceDriver.DRIVER_PROPERTY + "=emulated)";

    @Inject
    private BundleContext context;

    @Inject
    private ConfigurationAdmin configAdmin;

    @Configuration
    public Option[] config() {
        // no device-linux: the emulated driver does not need it; JNA only for the UDP transport's native sockets
        return PaxOptions.felix("paxexam-emulated").configAdmin()
                .ours("api", "jna", "device-emulated", "transport-udp", "tunnel").toArray();
    }

    @Test
    public void serverAndClientExchangePacketsOverEmulatedDevices() throws Exception {
        org.osgi.service.cm.Configuration serverConfig = configAdmin.getFactoryConfiguration(TunnelPids.TUNNEL, "emusrv", "?");
        org.osgi.service.cm.Configuration clientConfig = configAdmin.getFactoryConfiguration(TunnelPids.TUNNEL, "emucli", "?");
        try {
            serverConfig.update(tunnel("emusrv", "192.168.77.1/24", null));
            TunnelMBean server = await(TunnelMBean.class, "(name=emusrv)");
            assertNotNull("no server tunnel within " + TIMEOUT_MS + " ms", server);
            Await.until(WAIT, "server up; it is " + server.getState() + " " + server.getLastError(),
                    () -> server.getState().equals("up"));
            String port = server.getListenAddress().substring(server.getListenAddress().lastIndexOf(':') + 1);

            clientConfig.update(tunnel("emucli", "192.168.77.2/24", "127.0.0.1:" + port));
            TunnelMBean client = await(TunnelMBean.class, "(name=emucli)");
            assertNotNull("no client tunnel within " + TIMEOUT_MS + " ms", client);
            Await.until(WAIT, "client up", () -> client.getState().equals("up"));
            EmulatedDevice serverDevice = await(EmulatedDevice.class, "(device.name=emusrv)");
            EmulatedDevice clientDevice = await(EmulatedDevice.class, "(device.name=emucli)");
            assertNotNull(serverDevice);
            assertNotNull(clientDevice);
            assertEquals("[192.168.77.1/24]", serverDevice.addresses().toString());

            Await.until(WAIT, "server learns the client's registration; peers " + Arrays.toString(server.getPeers()),
                    () -> Arrays.toString(server.getPeers()).contains("192.168.77.2"));

            ByteBuffer up = udp("192.168.77.2", "192.168.77.1", "client to server");
            assertTrue(clientDevice.inject(up));
            assertEquals("client to server", up, serverDevice.take(TIMEOUT_MS, TimeUnit.MILLISECONDS));

            ByteBuffer down = udp("192.168.77.1", "192.168.77.2", "server to client");
            assertTrue(serverDevice.inject(down));
            assertEquals("server to client", down, clientDevice.take(TIMEOUT_MS, TimeUnit.MILLISECONDS));

            // a ping from the client's kernel: the server's emulated kernel answers, the reply comes back
            assertTrue(clientDevice.inject(echoRequest("192.168.77.2", "192.168.77.1", 0x4711, 1)));
            ByteBuffer reply = clientDevice.take(TIMEOUT_MS, TimeUnit.MILLISECONDS);
            assertNotNull("no echo reply within " + TIMEOUT_MS + " ms", reply);
            assertEquals("echo reply", 0, reply.get(20));
            assertEquals(0x4711, reply.getShort(24));
            assertEquals(InetAddress.getByName("192.168.77.1"), address(reply, 12));

            Await.until(WAIT, "counters: client from device " + client.getPacketsFromDevice() + ", server to device "
                    + server.getPacketsToDevice(), () -> client.getPacketsFromDevice() == 2
                    && client.getPacketsToDevice() == 2 && server.getPacketsFromDevice() == 2
                    && server.getPacketsToDevice() == 2);
            assertEquals(up.remaining() + 84, client.getBytesFromDevice());
            assertEquals(up.remaining() + 84, server.getBytesToDevice());
            assertEquals(0, client.getDropsTotal());
            assertEquals(0, server.getDropsTotal());
            assertEquals(0, server.getPacketsForwarded());
            assertEquals(0, serverDevice.drops() + clientDevice.drops());
        } finally {
            clientConfig.delete();
            serverConfig.delete();
        }
        Await.until(WAIT, "devices closed and their services gone after the configurations were deleted",
                () -> find(EmulatedDevice.class) == 0 && find(TunnelMBean.class) == 0);
    }

    private static Hashtable<String, Object> tunnel(String name, String net, String remote) {
        Hashtable<String, Object> props = new Hashtable<>();
        props.put("name", name);
        props.put("type", "tun");
        props.put("listen", "127.0.0.1:0");
        if (remote != null) {
            props.put("remote", remote);
        }
        props.put("net", new String[] {net});
        props.put("device.name", name);
        props.put("mtu", 1350);
        props.put("driver.target", EMULATED);
        return props;
    }

    /** IPv4/UDP with a text payload; checksums zero, which the tunnel does not check. */
    private static ByteBuffer udp(String from, String to, String text) throws Exception {
        byte[] payload = text.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        ByteBuffer b = ipv4(from, to, 17, 8 + payload.length);
        b.putShort(20, (short) 5000).putShort(22, (short) 5001).putShort(24, (short) (8 + payload.length));
        b.put(28, payload);
        return b;
    }

    private static ByteBuffer echoRequest(String from, String to, int id, int seq) throws Exception {
        ByteBuffer b = ipv4(from, to, 1, 64);
        b.put(20, (byte) 8).putShort(24, (short) id).putShort(26, (short) seq);
        return b;
    }

    private static ByteBuffer ipv4(String from, String to, int protocol, int payload) throws Exception {
        ByteBuffer b = ByteBuffer.allocate(20 + payload);
        b.put(0, (byte) 0x45).putShort(2, (short) (20 + payload)).put(8, (byte) 64).put(9, (byte) protocol);
        b.put(12, InetAddress.getByName(from).getAddress()).put(16, InetAddress.getByName(to).getAddress());
        return b;
    }

    private static InetAddress address(ByteBuffer b, int offset) throws Exception {
        byte[] raw = new byte[4];
        b.get(offset, raw);
        return InetAddress.getByAddress(raw);
    }

    private <T> T await(Class<T> type, String filter) throws Exception {
        ServiceTracker<T, T> tracker = new ServiceTracker<>(context, FrameworkUtil.createFilter(
                "(&(" + Constants.OBJECTCLASS + "=" + type.getName() + ")" + filter + ")"), null);
        tracker.open();
        try {
            return tracker.waitForService(TIMEOUT_MS);
        } finally {
            tracker.close();
        }
    }

    private int find(Class<?> type) {
        try {
            return context.getServiceReferences(type, null).size();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

}
