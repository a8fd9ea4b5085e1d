package org.gost4j.itests;

import static org.junit.Assert.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * For tests that run inside a container holding gost4j (Felix or Equinox through Pax Exam, Karaf): this JVM's
 * own network namespace ({@link #HERE}, 10.200.0.1, where the container's tunnels put their devices) joined to a
 * namespace {@link #APP} (10.200.0.2) where standalone appliances run, so a tunnel inside the container and one
 * in the appliance carry pings between their tunnel addresses, as two machines would.
 */
final class EmbeddedLab implements AutoCloseable {

    static final String HERE = "here";
    static final String APP = "app";

    private final Netns lab;
    private final List<Appliance> appliances = new CopyOnWriteArrayList<>();

    private EmbeddedLab(Netns lab) {
        this.lab = lab;
    }

    /**
     * Skips (fails under CI) unless this is root with /dev/net/tun, ip and ping, in a network namespace of its
     * own (the surefire executions that run these tests launch their JVM with src/test/netns/bin/java).
     */
    static EmbeddedLab open() {
        TestEnv.requireRootAnd("ip", "ping", "ss");
        if (!Netns.inNamespaceOfItsOwn()) {
            TestEnv.skipOrFailUnderCi("this JVM runs in the host's network namespace: run this test through its "
                    + "surefire execution (itests/pom.xml), whose JVM src/test/netns/bin/java puts in a namespace of its own");
        }
        return new EmbeddedLab(Netns.aroundThisProcess(HERE, APP));
    }

    Netns netns() {
        return lab;
    }

    /** This namespace's address on the link to {@link #APP}. */
    String hereAddress() {
        return lab.address(HERE);
    }

    String appAddress() {
        return lab.address(APP);
    }

    /** Starts {@code bin/gost4j args} in {@link #APP} and waits for its device (named by {@code name=}). */
    Appliance appliance(String... args) {
        Appliance a = Appliance.start(lab, APP, args);
        appliances.add(a);
        return a;
    }

    /** Waits for the device to be UP in this namespace. */
    void awaitDeviceHere(String device, Duration within) {
        assertTrue(device + " not UP in this namespace within " + within + ": " + lab.link(HERE, device),
                lab.awaitUp(HERE, device, within));
    }

    /** Waits for the device to be gone from this namespace; false if it is still there after {@code within}. */
    boolean awaitDeviceGoneHere(String device, Duration within) throws Exception {
        return Await.holds(within, () -> lab.link(HERE, device) == null);
    }

    /** Pings {@code appTunnelIp} from here and {@code hereTunnelIp} from the appliance's namespace. */
    void assertPingsBothWays(String hereTunnelIp, String appTunnelIp) {
        assertTrue("no echo reply from the appliance's " + appTunnelIp + " (pinging from this container's namespace)"
                + logs(), lab.ping(HERE, appTunnelIp, Duration.ofSeconds(15)));
        assertTrue("no echo reply from this container's " + hereTunnelIp + " (pinging from the appliance's namespace)"
                + logs(), lab.ping(APP, hereTunnelIp, Duration.ofSeconds(10)));
    }

    /**
     * The container's Linux device and UDP transport log that their packet path calls through JNI, and the
     * tunnel serves both directions with one thread, which it does only with its JNI poller.
     */
    static void assertCallsThroughJni(LogCapture log, String device, String tunnel) {
        assertTrue("tunnel " + tunnel + " has no single packets thread (its JNI poller did not load): "
                + threadNames(), threadNames().contains("gost4j-" + tunnel + "-packets"));
        assertTrue("the UDP transport does not call through JNI: " + log.lines(), log.anyLine(
                line -> line.contains("UDP through native Linux sockets (GRO, GSO), calls through JNI")));
        assertTrue("device " + device + " does not call through JNI: " + log.lines(), log.anyLine(
                line -> line.contains("opened TUN " + device + ",") && line.endsWith("calls through JNI")));
    }

    private static List<String> threadNames() {
        return Thread.getAllStackTraces().keySet().stream().map(Thread::getName).sorted().toList();
    }

    /** The appliances' log tails, for a failure message. */
    String logs() {
        StringBuilder b = new StringBuilder();
        for (Appliance a : appliances) {
            b.append('\n').append(a.logTail(40));
        }
        return b.toString();
    }

    @Override
    public void close() {
        for (Appliance a : appliances) {
            a.stop(Duration.ofSeconds(10));
        }
        lab.close();
    }
}
