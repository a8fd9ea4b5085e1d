package org.gost4j.itests;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;

/**
 * The soak test's attackers, run as a JVM of their own inside a namespace (a JVM thread cannot enter one), for a
 * number of seconds; then prints what they did ({@link AbuseTally#print()}) and exits.
 * <pre>
 * SoakAttacker network SECONDS SEED SERVER TUNNEL_PORT CLIENT_IPS RELAY_PORT RELAY_USER RELAY_PASSWORD
 *     IDLE_MS HANDSHAKE_MS
 * SoakAttacker management SECONDS JOLOKIA_PORT METRICS_PORT USER PASSWORD DISCONNECT_OPERATION
 * </pre>
 * {@code network} attacks the tunnel's UDP port ({@link UdpAbuser}) and the relay ({@link RelayAbuser}) from
 * another host; {@code management} the loopback endpoints ({@link HttpAbuser}) from the server's own namespace.
 */
public final class SoakAttacker {

    private SoakAttacker() {
    }

    public static void main(String[] args) throws Exception {
        long seconds = Long.parseLong(args[1]);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        AbuseTally tally = new AbuseTally();
        List<Thread> threads = new ArrayList<>();
        switch (args[0]) {
            case "network" -> {
                Random rnd = new Random(Long.parseLong(args[2]));
                String server = args[3];
                List<InetAddress> clients = new ArrayList<>();
                for (String ip : args[5].split(",")) {
                    clients.add(InetAddress.getByName(ip));
                }
                threads.add(new Thread(new UdpAbuser(new InetSocketAddress(server, Integer.parseInt(args[4])), clients,
                        deadline, rnd, tally), "udp"));
                threads.addAll(new RelayAbuser(new InetSocketAddress(server, Integer.parseInt(args[6])), args[7],
                        args[8], Integer.parseInt(args[4]), Long.parseLong(args[9]), Long.parseLong(args[10]), deadline,
                        tally).threads());
            }
            case "management" -> threads.addAll(new HttpAbuser(
                    new InetSocketAddress("127.0.0.1", Integer.parseInt(args[2])),
                    new InetSocketAddress("127.0.0.1", Integer.parseInt(args[3])), args[4], args[5], args[6], deadline,
                    tally).threads());
            default -> throw new IllegalArgumentException("mode network or management, not " + args[0]);
        }
        threads.forEach(t -> {
            t.setDaemon(true);
            t.start();
        });
        for (Thread t : threads) {
            // sessions held at the deadline are left to the exit: the test waits for the server to close them
            t.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime()) + 1000));
        }
        tally.print();
        System.exit(0);
    }
}
