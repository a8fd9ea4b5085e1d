import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * Many fake GOST TUN clients against one server, for bench/clients.sh. Run from source, nothing to build:
 * {@code java bench/LoadGen.java --server 10.210.0.1:8421 --clients 1000 ...}.
 *
 * <p>Each fake client is its own UDP socket (its own source port), registers one tunnel IP (GOST's control
 * message: "GOST", the 16-byte key field, the IP IPv4-mapped) and counts the server's 20-byte replies; the
 * server answers every registration it accepts, so answers counted are registrations handled. Then either
 * <ul>
 * <li>{@code --hold SECONDS} (0: until SIGTERM): as idle GOST clients with keepalive, each re-registers every
 * {@code --ttl} seconds and sends ICMP echo requests from its tunnel IP to {@code --target} ({@code --trickle}
 * in all per second, spread over the clients), whose echo replies the server must route back to the right
 * socket; or</li>
 * <li>{@code --flood SECONDS}: registrations at {@code --rate} per second (0: as fast as one thread sends),
 * cycling over the sockets. {@code --kind keepalive} repeats each client's own registration (the server only
 * touches a known peer); {@code --kind moving} makes each registration move a tunnel IP to another socket, as
 * a restarted client's new port takes its IP over (the server removes a peer and records a new one each
 * time).</li>
 * </ul>
 * Prints {@code key value} lines on stdout. Sockets bind to the {@code --sources} addresses in turn, since
 * the server takes at most 256 tunnel IPs from one source host.
 */
public final class LoadGen {

    private static final int MAGIC = 0x474f5354; // "GOST"
    private static final int REPLY_LENGTH = 20;

    private final List<DatagramChannel> sockets = new ArrayList<>();
    private final ByteBuffer[] registrations;
    private final ByteBuffer[] echoRequests;
    private final AtomicLong replies = new AtomicLong();
    private final AtomicLong echoReplies = new AtomicLong();
    private final AtomicLong unexpected = new AtomicLong();
    private final AtomicLong sendErrors = new AtomicLong();
    /** Per socket: whether its registration was answered since the last reset. */
    private final boolean[] answered;
    private final AtomicLong answeredSockets = new AtomicLong();
    private final Selector selector;
    private volatile boolean running = true;

    private LoadGen(Options options) throws IOException {
        int count = options.clients;
        registrations = new ByteBuffer[count];
        echoRequests = new ByteBuffer[count];
        answered = new boolean[count];
        byte[] key = java.util.Arrays.copyOf(options.passphrase.getBytes(StandardCharsets.UTF_8), 16);
        int first = toInt(InetAddress.getByName(options.firstIp));
        int target = toInt(InetAddress.getByName(options.target));
        selector = Selector.open();
        for (int i = 0; i < count; i++) {
            int ip = first + i;
            registrations[i] = ByteBuffer.allocateDirect(36).putInt(MAGIC).put(key)
                    .putLong(0).putLong(0xffffL << 32 | (ip & 0xffffffffL)).flip();
            echoRequests[i] = echoRequest(ip, target, i);
            DatagramChannel socket = DatagramChannel.open(java.net.StandardProtocolFamily.INET);
            String source = options.sources.get(i % options.sources.size());
            socket.bind(new InetSocketAddress(InetAddress.getByName(source), 0));
            socket.connect(options.server);
            socket.configureBlocking(false);
            socket.register(selector, SelectionKey.OP_READ, i);
            sockets.add(socket);
        }
    }

    public static void main(String[] args) throws Exception {
        Options options = Options.parse(args);
        LoadGen gen = new LoadGen(options);
        Thread receiver = new Thread(gen::receive, "receiver");
        receiver.setDaemon(true);
        receiver.start();
        gen.registerAll(options);
        if (options.floodSeconds > 0) {
            gen.flood(options);
        } else {
            gen.hold(options);
        }
        gen.running = false;
    }

    /** Registers every client once, as fast as possible, and waits up to 10 s until all are answered. */
    private void registerAll(Options options) throws InterruptedException {
        long start = System.nanoTime();
        for (int i = 0; i < sockets.size(); i++) {
            send(i, registrations[i]);
        }
        long sent = System.nanoTime();
        long deadline = start + 10_000_000_000L;
        int resent = 0;
        while (answeredSockets.get() < sockets.size() && System.nanoTime() < deadline) {
            Thread.sleep(1);
            if (System.nanoTime() - sent > 1_000_000_000L && resent < 9) { // lost ones again, once a second
                for (int i = 0; i < sockets.size(); i++) {
                    if (!answered[i]) {
                        send(i, registrations[i]);
                    }
                }
                sent = System.nanoTime();
                resent++;
            }
        }
        long nanos = System.nanoTime() - start;
        print("clients", sockets.size());
        print("registered", answeredSockets.get());
        print("register_all_ms", nanos / 1e6);
        print("register_all_resends", resent);
    }

    /** Keepalives every ttl and the trickle of echo requests, until the time is up or SIGTERM. */
    private void hold(Options options) {
        long replies0 = replies.get();
        long[] sentKeepalives = new long[1];
        long[] sentEchoes = new long[1];
        long start = System.nanoTime();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            print("hold_s", (System.nanoTime() - start) / 1e9);
            print("keepalives_sent", sentKeepalives[0]);
            print("keepalive_replies", replies.get() - replies0);
            print("echo_requests_sent", sentEchoes[0]);
            print("echo_replies", echoReplies.get());
            print("unexpected_datagrams", unexpected.get());
            print("send_errors", sendErrors.get());
            System.out.flush();
        }));
        int n = sockets.size();
        double keepalivesPerNano = n / (options.ttlSeconds * 1e9);
        double echoesPerNano = options.tricklePerSecond / 1e9;
        long end = options.holdSeconds > 0 ? start + (long) (options.holdSeconds * 1e9) : Long.MAX_VALUE;
        int nextKeepalive = 0;
        int nextEcho = 0;
        for (long now = System.nanoTime(); now < end; now = System.nanoTime()) {
            long elapsed = now - start;
            while (sentKeepalives[0] < (long) (elapsed * keepalivesPerNano)) {
                send(nextKeepalive, registrations[nextKeepalive]);
                nextKeepalive = (nextKeepalive + 1) % n;
                sentKeepalives[0]++;
            }
            while (sentEchoes[0] < (long) (elapsed * echoesPerNano)) {
                send(nextEcho, echoRequests[nextEcho]);
                nextEcho = (nextEcho + 1) % n;
                sentEchoes[0]++;
            }
            LockSupport.parkNanos(1_000_000);
        }
    }

    /** Registrations at the given rate (0: flat out) for the given time; then counts the answers. */
    private void flood(Options options) throws InterruptedException {
        int n = sockets.size();
        boolean moving = options.kind.equals("moving");
        double perNano = options.rate / 1e9;
        long replies0 = replies.get();
        long sent = 0;
        long start = System.nanoTime();
        long end = start + (long) (options.floodSeconds * 1e9);
        int socket = 0;
        int round = 0;
        for (long now = start; now < end; now = System.nanoTime()) {
            long due = options.rate > 0 ? (long) ((now - start) * perNano) : sent + 64;
            while (sent < due) {
                send(socket, registrations[moving ? (socket + round) % n : socket]);
                sent++;
                if (++socket == n) {
                    socket = 0;
                    round++;
                }
            }
            if (options.rate > 0) {
                LockSupport.parkNanos(200_000);
            }
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        Thread.sleep(300); // answers still on their way
        long handled = replies.get() - replies0;
        print("flood_kind", options.kind);
        print("flood_s", seconds);
        print("flood_sent", sent);
        print("flood_offered_per_s", Math.round(sent / seconds));
        print("flood_answered", handled);
        print("flood_answered_per_s", Math.round(handled / seconds));
        print("flood_unanswered_pct", sent == 0 ? 0 : Math.round(1000.0 * (sent - handled) / sent) / 10.0);
        print("send_errors", sendErrors.get());
    }

    private void send(int socket, ByteBuffer datagram) {
        try {
            sockets.get(socket).write(datagram.duplicate());
        } catch (IOException e) {
            sendErrors.incrementAndGet(); // ECONNREFUSED from an earlier ICMP error, a full socket buffer
        }
    }

    /** Counts what comes back: registration replies and echo replies, on every socket. */
    private void receive() {
        ByteBuffer buffer = ByteBuffer.allocateDirect(65536);
        try {
            while (running) {
                selector.select(100);
                for (SelectionKey key : selector.selectedKeys()) {
                    DatagramChannel socket = (DatagramChannel) key.channel();
                    int index = (Integer) key.attachment();
                    while (true) {
                        buffer.clear();
                        int length;
                        try {
                            length = socket.read(buffer);
                        } catch (IOException e) {
                            continue; // an ICMP error reported on the socket; the next read gets data
                        }
                        if (length <= 0) {
                            break;
                        }
                        count(buffer, length, index);
                    }
                }
                selector.selectedKeys().clear();
            }
        } catch (IOException e) {
            System.err.println("receiver: " + e);
        }
    }

    private void count(ByteBuffer datagram, int length, int socket) {
        if (length == REPLY_LENGTH && datagram.getInt(0) == MAGIC) {
            replies.incrementAndGet();
            if (!answered[socket]) {
                answered[socket] = true;
                answeredSockets.incrementAndGet();
            }
        } else if (length >= 28 && (datagram.get(0) & 0xf0) == 0x40 && datagram.get(9) == 1
                && datagram.get((datagram.get(0) & 0x0f) * 4) == 0) {
            echoReplies.incrementAndGet();
        } else {
            unexpected.incrementAndGet();
        }
    }

    /** An IPv4 ICMP echo request from {@code source} to {@code target}, 32 bytes of payload, checksums set. */
    private static ByteBuffer echoRequest(int source, int target, int id) {
        ByteBuffer packet = ByteBuffer.allocateDirect(60);
        packet.put((byte) 0x45).put((byte) 0).putShort((short) 60).putShort((short) id).putShort((short) 0)
                .put((byte) 64).put((byte) 1).putShort((short) 0).putInt(source).putInt(target);
        packet.putShort(10, checksum(packet, 0, 20));
        packet.put((byte) 8).put((byte) 0).putShort((short) 0).putShort((short) id).putShort((short) 1);
        for (int i = 0; i < 32; i++) {
            packet.put((byte) i);
        }
        packet.putShort(22, checksum(packet, 20, 40));
        return packet.flip();
    }

    private static short checksum(ByteBuffer bytes, int offset, int length) {
        long sum = 0;
        for (int i = 0; i < length; i += 2) {
            sum += bytes.getShort(offset + i) & 0xffff;
        }
        while ((sum >> 16) != 0) {
            sum = (sum & 0xffff) + (sum >> 16);
        }
        return (short) ~sum;
    }

    private static int toInt(InetAddress address) {
        return ByteBuffer.wrap(address.getAddress()).getInt();
    }

    private static void print(String key, Object value) {
        System.out.println(key + "\t" + (value instanceof Double d ? String.format("%.3f", d) : value));
    }

    private record Options(InetSocketAddress server, int clients, String firstIp, String target, List<String> sources,
            String passphrase, double ttlSeconds, double tricklePerSecond, double holdSeconds, double floodSeconds,
            double rate, String kind) {

        static Options parse(String[] args) {
            InetSocketAddress server = null;
            int clients = 1000;
            String firstIp = "172.20.1.1";
            String target = "172.20.0.1";
            List<String> sources = List.of("0.0.0.0");
            String passphrase = "";
            double ttl = 10;
            double trickle = 100;
            double hold = 0;
            double flood = 0;
            double rate = 0;
            String kind = "keepalive";
            for (int i = 0; i < args.length; i += 2) {
                String value = i + 1 < args.length ? args[i + 1] : usage("missing value for " + args[i]);
                switch (args[i]) {
                    case "--server" -> {
                        int colon = value.lastIndexOf(':');
                        server = new InetSocketAddress(value.substring(0, colon),
                                Integer.parseInt(value.substring(colon + 1)));
                    }
                    case "--clients" -> clients = Integer.parseInt(value);
                    case "--first-ip" -> firstIp = value;
                    case "--target" -> target = value;
                    case "--sources" -> sources = List.of(value.split(","));
                    case "--passphrase" -> passphrase = value;
                    case "--ttl" -> ttl = Double.parseDouble(value);
                    case "--trickle" -> trickle = Double.parseDouble(value);
                    case "--hold" -> hold = Double.parseDouble(value);
                    case "--flood" -> flood = Double.parseDouble(value);
                    case "--rate" -> rate = Double.parseDouble(value);
                    case "--kind" -> kind = value.equals("keepalive") || value.equals("moving") ? value
                            : usage("--kind keepalive|moving");
                    default -> usage("unknown option " + args[i]);
                }
            }
            if (server == null) {
                usage("--server HOST:PORT is required");
            }
            return new Options(server, clients, firstIp, target, sources, passphrase, ttl, trickle, hold, flood,
                    rate, kind);
        }

        private static String usage(String problem) {
            System.err.println("LoadGen: " + problem + "\nusage: java bench/LoadGen.java --server HOST:PORT"
                    + " [--clients 1000] [--first-ip 172.20.1.1] [--target 172.20.0.1] [--sources IP,IP...]"
                    + " [--passphrase P] [--ttl 10] [--trickle 100] (--hold SECONDS | --flood SECONDS"
                    + " [--rate PER_S] [--kind keepalive|moving])");
            System.exit(2);
            return null;
        }
    }
}
