package org.gost4j.itests;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A small test topology of network namespaces: the first side is the hub, every other side is joined to it by
 * a veth pair. Link {@code i} (1-based, one per non-hub side) uses {@code 10.200.(i-1).1/24} on the hub
 * ({@code vethI}) and {@code 10.200.(i-1).2/24} on the side ({@code veth0}); with two sides that is
 * {@code 10.200.0.1 <-> 10.200.0.2}. {@link #ipv6Link} adds {@code fd00:200:(i-1)::1/64} and {@code ::2} to link
 * {@code i}, and may take its IPv4 addresses away.
 *
 * <p>Namespace names are {@code g4j-<jvm pid>-<seq>-<side>}. Every process started through this class is
 * tracked; {@link #close()} ends them by PID (SIGTERM, then SIGKILL), also ends any other process left inside
 * the namespaces (only ours can be there), and deletes the namespaces. Open topologies are also closed by a
 * JVM shutdown hook.
 */
public final class Netns implements AutoCloseable {

    /** Result of a finished (or timed out) command. */
    public record Result(int exitCode, String output, boolean timedOut) {
        public boolean ok() {
            return !timedOut && exitCode == 0;
        }

        /** Throws unless the command succeeded. */
        public Result check(String what) {
            if (!ok()) {
                throw new IllegalStateException(what + ": " + this);
            }
            return this;
        }

        @Override
        public String toString() {
            return (timedOut ? "timed out" : "exit " + exitCode) + (output.isBlank() ? "" : ": " + output.strip());
        }
    }

    private static final String PREFIX = "g4j-";
    private static final Pattern OURS = Pattern.compile("^" + PREFIX + "(\\d+)-\\d+-\\S+");
    private static final AtomicInteger SEQ = new AtomicInteger();
    private static final Set<Netns> OPEN = ConcurrentHashMap.newKeySet();
    private static final Duration HOST_CMD_TIMEOUT = Duration.ofSeconds(15);

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> OPEN.forEach(Netns::close), "netns-cleanup"));
        removeStaleNamespaces();
    }

    private final Map<String, String> namespaces = new LinkedHashMap<>();
    /** The side that is this JVM's own namespace ({@link #aroundThisProcess}), or null. */
    private String ownSide;
    private final Map<String, String> addresses = new LinkedHashMap<>();
    private final List<Process> processes = new CopyOnWriteArrayList<>();
    private final Path workDir;
    private volatile boolean closed;

    private Netns(List<String> sides, Path workDir) {
        this.workDir = workDir;
        String base = PREFIX + ProcessHandle.current().pid() + "-" + SEQ.incrementAndGet() + "-";
        for (String side : sides) {
            namespaces.put(side, base + side);
        }
    }

    /**
     * Creates the namespaces, the veth links from the first side to each other side, and brings up lo and the
     * links.
     */
    public static Netns create(String... sides) {
        if (sides.length < 2 || Set.of(sides).size() != sides.length) {
            throw new IllegalArgumentException("need two or more distinct sides: " + Arrays.toString(sides));
        }
        return open(sides, null);
    }

    /**
     * A topology whose hub is the network namespace this JVM runs in (named like the others with
     * {@code ip netns attach}, so every method here addresses it by name), joined to each other side by a veth
     * pair. For a JVM in a namespace of its own (launched by {@code src/test/netns/bin/java}) that hosts a container
     * with tunnels inside; in the host's namespace this fails instead of adding links and routes there.
     * {@link #close()} ends our processes and deletes the other namespaces; the hub only loses its name.
     */
    public static Netns aroundThisProcess(String hub, String... others) {
        if (!inNamespaceOfItsOwn()) {
            throw new IllegalStateException("this JVM runs in the host's network namespace; launch it with "
                    + "src/test/netns/bin/java (the itests' surefire executions for embedded tests do)");
        }
        String[] sides = new String[others.length + 1];
        sides[0] = hub;
        System.arraycopy(others, 0, sides, 1, others.length);
        return open(sides, hub);
    }

    /** Sets up the sides, {@code ownSide} (or none, if null) being this JVM's own namespace. */
    private static Netns open(String[] sides, String ownSide) {
        Netns lab;
        try {
            lab = new Netns(List.of(sides), Files.createTempDirectory(TestEnv.workDir(), "netns-"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        lab.ownSide = ownSide;
        OPEN.add(lab);
        try {
            lab.setUp(sides);
        } catch (RuntimeException | Error e) {
            lab.close();
            throw e;
        }
        return lab;
    }

    /**
     * Whether this JVM runs in the network namespace that src/test/netns/bin/java made for it (named in
     * {@code GOST4J_NETNS}; a child JVM such as Karaf's inherits both), not in the one of whoever ran the build.
     */
    public static boolean inNamespaceOfItsOwn() {
        String made = System.getenv("GOST4J_NETNS");
        try {
            return made != null && made.equals(Files.readSymbolicLink(Path.of("/proc/self/ns/net")).toString());
        } catch (IOException | UnsupportedOperationException e) {
            return false;
        }
    }

    private void setUp(String[] sides) {
        for (String side : sides) {
            String ns = name(side);
            if (side.equals(ownSide)) {
                host("ip", "netns", "attach", ns, Long.toString(ProcessHandle.current().pid()));
            } else {
                host("ip", "netns", "add", ns);
            }
            host("ip", "-n", ns, "link", "set", "lo", "up");
            // the tunnels route their own subnets; never let reverse-path filtering drop their packets
            exec(side, HOST_CMD_TIMEOUT, "sh", "-c",
                    "for f in /proc/sys/net/ipv4/conf/*/rp_filter; do echo 0 > $f; done").check("rp_filter");
        }
        String hub = sides[0];
        for (int i = 1; i < sides.length; i++) {
            String hubIf = "veth" + i;
            String sideIf = "veth0";
            String hubIp = "10.200." + (i - 1) + ".1";
            String sideIp = "10.200." + (i - 1) + ".2";
            host("ip", "-n", name(hub), "link", "add", hubIf, "type", "veth", "peer", "name", sideIf,
                    "netns", name(sides[i]));
            host("ip", "-n", name(hub), "addr", "add", hubIp + "/24", "dev", hubIf);
            host("ip", "-n", name(sides[i]), "addr", "add", sideIp + "/24", "dev", sideIf);
            host("ip", "-n", name(hub), "link", "set", hubIf, "up");
            host("ip", "-n", name(sides[i]), "link", "set", sideIf, "up");
            addresses.putIfAbsent(hub, hubIp);
            addresses.put(sides[i], sideIp);
        }
        // veth carrier is immediate, but make sure the underlay works before anyone relies on it
        for (int i = 1; i < sides.length; i++) {
            String hubIp = "10.200." + (i - 1) + ".1";
            if (!ping(sides[i], hubIp, Duration.ofSeconds(5))) {
                throw new IllegalStateException("underlay " + sides[i] + " -> " + hubIp + " does not work");
            }
        }
    }

    /** The full namespace name of a side. */
    public String name(String side) {
        String ns = namespaces.get(side);
        if (ns == null) {
            throw new IllegalArgumentException("no side " + side + " in " + namespaces.keySet());
        }
        return ns;
    }

    /** The side's underlay (veth) IPv4 address; for the hub, its address on the first link. */
    public String address(String side) {
        name(side);
        return addresses.get(side);
    }

    /**
     * Gives a side's link IPv6 addresses, {@code fd00:200:(i-1)::1/64} on the hub and {@code ::2} on the side
     * (without duplicate address detection, so they work at once), and with {@code ipv6Only} removes the link's
     * IPv4 addresses; waits until the side pings the hub over IPv6.
     */
    public void ipv6Link(String side, boolean ipv6Only) {
        int link = linkOf(side);
        String hub = namespaces.keySet().iterator().next();
        String[][] ends = {{hub, "veth" + link, hubAddress6(side)}, {side, "veth0", address6(side)}};
        for (String[] end : ends) {
            if (ipv6Only) {
                host("ip", "-n", name(end[0]), "-4", "addr", "flush", "dev", end[1]);
            }
            host("ip", "-n", name(end[0]), "addr", "add", end[2] + "/64", "dev", end[1], "nodad");
        }
        if (!ping(side, hubAddress6(side), Duration.ofSeconds(5))) {
            throw new IllegalStateException("IPv6 underlay " + side + " -> " + hubAddress6(side) + " does not work");
        }
    }

    /** A non-hub side's IPv6 underlay address (see {@link #ipv6Link}). */
    public String address6(String side) {
        return "fd00:200:" + (linkOf(side) - 1) + "::2";
    }

    /** The hub's IPv6 underlay address on a side's link (see {@link #ipv6Link}). */
    public String hubAddress6(String side) {
        return "fd00:200:" + (linkOf(side) - 1) + "::1";
    }

    /** The number of a non-hub side's link, from 1, in the order the sides were given. */
    private int linkOf(String side) {
        name(side);
        int link = List.copyOf(namespaces.keySet()).indexOf(side);
        if (link == 0) {
            throw new IllegalArgumentException(side + " is the hub; its links belong to the other sides");
        }
        return link;
    }

    /** A directory for this topology's logs and data. */
    public Path workDir() {
        return workDir;
    }

    /** Runs a command inside a side's namespace and waits for it, at most {@code timeout}. */
    public Result exec(String side, Duration timeout, String... command) {
        return run(inNs(side, command), null, timeout);
    }

    /** Like {@link #exec(String, Duration, String...)} with extra environment variables. */
    public Result exec(String side, Map<String, String> env, Duration timeout, String... command) {
        return run(inNs(side, command), env, timeout);
    }

    /**
     * Starts a long-running command inside a side's namespace, stdout and stderr to {@code log}. The process
     * is ended by {@link #close()} if still running.
     */
    public Process spawn(String side, Path log, Map<String, String> env, String... command) {
        ensureOpen();
        ProcessBuilder pb = new ProcessBuilder(inNs(side, command))
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        pb.environment().putAll(env);
        try {
            Process p = pb.start();
            processes.add(p);
            return p;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + pb.command(), e);
        }
    }

    /** {@code ip link show} of a device in a side's namespace, or null if it does not exist. */
    public String link(String side, String device) {
        Result r = run(List.of("ip", "-n", name(side), "link", "show", "dev", device), null, HOST_CMD_TIMEOUT);
        return r.ok() ? r.output() : null;
    }

    /** Whether the device exists in the side's namespace with the administrative UP flag. */
    public boolean isUp(String side, String device) {
        String link = link(side, device);
        if (link == null) {
            return false;
        }
        Matcher m = Pattern.compile("<([^>]*)>").matcher(link);
        return m.find() && Arrays.asList(m.group(1).split(",")).contains("UP");
    }

    /** Polls until the device is UP in the side's namespace; false on timeout. */
    public boolean awaitUp(String side, String device, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        do {
            if (isUp(side, device)) {
                return true;
            }
            sleep(100);
        } while (System.nanoTime() < deadline);
        return false;
    }

    /** Pings {@code target} from a side, one echo request at a time, until one is answered or time is up. */
    public boolean ping(String side, String target, Duration within) {
        long deadline = System.nanoTime() + within.toNanos();
        do {
            if (exec(side, Duration.ofSeconds(5), "ping", "-n", "-c", "1", "-W", "1", target).ok()) {
                return true;
            }
            sleep(100);
        } while (System.nanoTime() < deadline);
        return false;
    }

    /** Ends a process and its descendants by PID: SIGTERM, then SIGKILL after {@code grace}. */
    public static boolean terminate(Process p, Duration grace) {
        return terminate(p.toHandle(), grace);
    }

    /** @return true if the process ended within the grace period (SIGKILL was not needed) */
    public static boolean terminate(ProcessHandle p, Duration grace) {
        if (!p.isAlive()) {
            return true;
        }
        List<ProcessHandle> all = new ArrayList<>();
        all.add(p);
        p.descendants().forEach(all::add);
        all.forEach(ProcessHandle::destroy); // SIGTERM
        boolean clean = awaitExit(all, grace);
        if (!clean) {
            all.forEach(h -> {
                h.descendants().forEach(ProcessHandle::destroyForcibly);
                h.destroyForcibly(); // SIGKILL
            });
            awaitExit(all, Duration.ofSeconds(5));
        }
        return clean;
    }

    private static boolean awaitExit(List<ProcessHandle> handles, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        for (ProcessHandle h : handles) {
            long left = deadline - System.nanoTime();
            try {
                h.onExit().get(Math.max(left, 1), TimeUnit.NANOSECONDS);
            } catch (Exception e) {
                if (h.isAlive()) {
                    return false;
                }
            }
        }
        return true;
    }

    /** PIDs of all processes inside a side's namespace. */
    public List<Long> pids(String side) {
        Result r = run(List.of("ip", "netns", "pids", name(side)), null, HOST_CMD_TIMEOUT);
        List<Long> pids = new ArrayList<>();
        if (r.ok()) {
            for (String s : r.output().split("\\s+")) {
                if (!s.isBlank()) {
                    pids.add(Long.parseLong(s.trim()));
                }
            }
        }
        return pids;
    }

    @Override
    public void close() {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
        }
        for (Process p : processes) {
            terminate(p, Duration.ofSeconds(5));
        }
        for (String side : namespaces.keySet()) {
            if (!side.equals(ownSide)) { // this JVM lives there
                killAll(namespaces.get(side));
            }
            run(List.of("ip", "netns", "del", namespaces.get(side)), null, HOST_CMD_TIMEOUT);
        }
        OPEN.remove(this);
    }

    private static void killAll(String ns) {
        for (int round = 0; round < 2; round++) {
            Result r = run(List.of("ip", "netns", "pids", ns), null, HOST_CMD_TIMEOUT);
            if (!r.ok() || r.output().isBlank()) {
                return;
            }
            for (String s : r.output().trim().split("\\s+")) {
                ProcessHandle.of(Long.parseLong(s)).ifPresent(h -> terminate(h, Duration.ofSeconds(3)));
            }
        }
    }

    /** Deletes namespaces an earlier, killed run of these tests left behind (their JVM is gone). */
    private static void removeStaleNamespaces() {
        Result r = run(List.of("ip", "netns", "list"), null, HOST_CMD_TIMEOUT);
        if (!r.ok()) {
            return;
        }
        for (String line : r.output().split("\n")) {
            Matcher m = OURS.matcher(line.trim());
            if (m.find() && ProcessHandle.of(Long.parseLong(m.group(1))).isEmpty()) {
                String ns = line.trim().split("\\s+")[0];
                killAll(ns);
                run(List.of("ip", "netns", "del", ns), null, HOST_CMD_TIMEOUT);
            }
        }
    }

    private List<String> inNs(String side, String... command) {
        List<String> cmd = new ArrayList<>(List.of("ip", "netns", "exec", name(side)));
        cmd.addAll(Arrays.asList(command));
        return cmd;
    }

    private void host(String... command) {
        ensureOpen();
        run(List.of(command), null, HOST_CMD_TIMEOUT).check(String.join(" ", command));
    }

    private void ensureOpen() {
        if (closed) {
            throw new IllegalStateException("topology closed");
        }
    }

    /** Runs a command in this (host) namespace; output and errors merged; killed by PID on timeout. */
    static Result run(List<String> command, Map<String, String> env, Duration timeout) {
        Path out = null;
        Process p = null;
        try {
            out = Files.createTempFile("g4j-cmd-", ".out");
            ProcessBuilder pb = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(out.toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
            if (env != null) {
                pb.environment().putAll(env);
            }
            p = pb.start();
            boolean done = p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
            if (!done) {
                terminate(p, Duration.ofSeconds(2));
            }
            String output = Files.readString(out, StandardCharsets.UTF_8);
            return new Result(done ? p.exitValue() : -1, output, !done);
        } catch (IOException e) {
            return new Result(-1, "cannot run " + command + ": " + e, false);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            if (p != null) {
                terminate(p, Duration.ofSeconds(2));
            }
            return new Result(-1, "interrupted", true);
        } finally {
            if (out != null) {
                try {
                    Files.deleteIfExists(out);
                } catch (IOException ignored) {
                    // best effort
                }
            }
        }
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    @Override
    public String toString() {
        return "Netns" + namespaces.values();
    }
}
