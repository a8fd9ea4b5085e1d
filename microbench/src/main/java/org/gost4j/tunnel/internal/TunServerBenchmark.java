package org.gost4j.tunnel.internal;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;

import org.gost4j.api.device.DeviceType;
import org.gost4j.api.device.IpNetwork;
import org.gost4j.api.router.RouteEntry;
import org.gost4j.support.options.TunnelOptions;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * The TUN server's per-packet decisions with {@code peers} registered clients (each one tunnel IP, from its own
 * UDP address, registered through the server's own registration path), one more client (the receiver), and as
 * many {@code routes} as clients (GOST's {@code routes} option, {@code 10.x.y.0/24} via client {@code x*256+y}), driven through {@link TunServer}'s own
 * {@code fromDevice}/{@code fromNetwork}. One op is one packet or control message; the clients are taken in a
 * fixed random order so the lookups do not hit one hot entry.
 * <ul>
 * <li>{@code deviceToClient}: a packet read from the device for a client's tunnel IP: IP header check, peer table
 * lookup, the client's counters, the send.</li>
 * <li>{@code deviceToRoutedNetwork}: a packet for a network behind a client: the peer table misses, the route
 * table is searched (longest prefix first, a linear scan), the gateway looked up in the peer table.</li>
 * <li>{@code clientToClient}: a datagram from a client for the receiver: control-message check, IP check, the
 * sender's entry refreshed (learned from the inner source address, no auther), lookup, forward.</li>
 * <li>{@code keepaliveRegistration}: a known client's registration (GOST sends it again every keepalive period):
 * parse, peer table refresh, the reply built and sent.</li>
 * </ul>
 * The sends go to a counting endpoint at once ({@code TunnelEngine.sendNow}: these buffers are not a packets
 * thread's window), where the packets thread would add them to its batch.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class TunServerBenchmark {

    /** A power of two, so the next index is a mask away. */
    private static final int ORDER = 4096;
    private static final int PACKET_BYTES = 64;
    /** One more client, which {@code clientToClient} sends to. */
    private static final InetAddress RECEIVER = tunnelIp(0xfffc);

    @Param({"1", "1000"})
    public int peers;

    private TunServer server;
    private CountingEndpoint endpoint;
    private final IpKey probe = new IpKey();
    private InetSocketAddress[] senders;
    private ByteBuffer[] registrations;
    /** Per client: a packet for its tunnel IP, a packet for its routed network, a packet from it to the receiver. */
    private ByteBuffer toClient;
    private ByteBuffer toNetwork;
    private ByteBuffer betweenClients;
    private int[] order;
    private int next;

    @Setup
    public void setUp() throws IOException {
        endpoint = new CountingEndpoint();
        List<RouteEntry> routes = new ArrayList<>();
        for (int i = 0; i < peers; i++) {
            routes.add(new RouteEntry(IpNetwork.parse("10." + (i >> 8) + "." + (i & 255) + ".0/24"), tunnelIp(i)));
        }
        TunnelSettings settings = new TunnelSettings("bench", new InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
                null, List.of(IpNetwork.parse("192.168.0.1/16")), "", 1350, 1500, false, 60_000, List.of(), routes, "",
                false, "", "", DeviceType.TUN, null, true, TunnelOptions.DEFAULT_MAX_PEERS);
        BenchDevice device = new BenchDevice();
        server = new TunServer(settings, TunnelDevice.open(name -> device, ""), endpoint, () -> null, () -> null);
        senders = new InetSocketAddress[peers];
        registrations = new ByteBuffer[peers];
        toClient = ByteBuffer.allocateDirect(peers * PACKET_BYTES);
        toNetwork = ByteBuffer.allocateDirect(peers * PACKET_BYTES);
        betweenClients = ByteBuffer.allocateDirect(peers * PACKET_BYTES);
        for (int i = 0; i < peers; i++) {
            senders[i] = new InetSocketAddress(InetAddress.getByAddress(new byte[] {(byte) 172, 16, (byte) (i >> 8),
                    (byte) i}), 40000 + i);
            registrations[i] = ControlMessage.registration("", List.of(IpKey.of(tunnelIp(i))));
            server.fromNetwork(registrations[i].duplicate(), senders[i], probe);
            byte[] client = tunnelIp(i).getAddress();
            ipv4(toClient, i, new byte[] {(byte) 192, (byte) 168, 0, 1}, client);
            ipv4(toNetwork, i, new byte[] {(byte) 192, (byte) 168, 0, 1}, new byte[] {10, (byte) (i >> 8), (byte) i, 5});
            ipv4(betweenClients, i, client, RECEIVER.getAddress());
        }
        InetSocketAddress receiver = new InetSocketAddress(InetAddress.getByAddress(new byte[] {(byte) 172, 17, 0, 1}),
                40000);
        server.fromNetwork(ControlMessage.registration("", List.of(IpKey.of(RECEIVER))), receiver, probe);
        if (server.peers().length != peers + 1) {
            throw new IllegalStateException(server.peers().length + " clients registered instead of " + (peers + 1));
        }
        order = new int[ORDER];
        Random random = new Random(22);
        for (int i = 0; i < ORDER; i++) {
            order[i] = random.nextInt(peers);
        }
    }

    @TearDown(Level.Trial)
    public void checkEverythingWasSent() {
        long drops = server.counters().dropsTotal();
        if (drops != 0) {
            throw new IllegalStateException(drops + " packets dropped");
        }
    }

    private static InetAddress tunnelIp(int i) {
        int host = i + 2;
        try {
            return InetAddress.getByAddress(new byte[] {(byte) 192, (byte) 168, (byte) (host >> 8), (byte) host});
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A 64-byte IPv4 UDP packet at slot {@code i}. */
    private static void ipv4(ByteBuffer slots, int i, byte[] source, byte[] destination) {
        int at = i * PACKET_BYTES;
        slots.put(at, (byte) 0x45);
        slots.putShort(at + 2, (short) PACKET_BYTES);
        slots.put(at + 8, (byte) 64);
        slots.put(at + 9, (byte) 17);
        slots.put(at + 12, source);
        slots.put(at + 16, destination);
    }

    private int nextClient() {
        int client = order[next];
        next = (next + 1) & (ORDER - 1);
        return client;
    }

    /** The slot of the next client, as a window from its position to its limit. */
    private static ByteBuffer slot(ByteBuffer slots, int client) {
        int at = client * PACKET_BYTES;
        return slots.limit(at + PACKET_BYTES).position(at);
    }

    @Benchmark
    public InetSocketAddress deviceToClient() {
        server.fromDevice(slot(toClient.clear(), nextClient()), probe);
        return endpoint.lastTarget;
    }

    @Benchmark
    public InetSocketAddress deviceToRoutedNetwork() {
        server.fromDevice(slot(toNetwork.clear(), nextClient()), probe);
        return endpoint.lastTarget;
    }

    @Benchmark
    public InetSocketAddress clientToClient() {
        int client = nextClient();
        server.fromNetwork(slot(betweenClients.clear(), client), senders[client], probe);
        return endpoint.lastTarget;
    }

    @Benchmark
    public InetSocketAddress keepaliveRegistration() {
        int client = nextClient();
        server.fromNetwork(registrations[client].rewind(), senders[client], probe);
        return endpoint.lastTarget;
    }
}
