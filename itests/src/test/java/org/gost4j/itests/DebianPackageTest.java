package org.gost4j.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.After;
import org.junit.Assume;
import org.junit.Before;
import org.junit.BeforeClass;
import org.junit.Test;

/**
 * The Debian package the build makes ({@code distribution/target/gost4j_VERSION_all.deb}), installed on this
 * machine with dpkg as an operator would: {@code bin/gost4j -V} runs from /opt/gost4j, systemd accepts the unit,
 * the configuration is in /etc/gost4j as conffiles for the service's user only, the service's command runs as
 * the unit says (its user, only its capabilities, its state and cache directories) and serves a client through
 * a tunnel in the test's namespaces, an upgrade keeps the operator's edit, remove keeps /etc/gost4j and purge
 * removes it.
 * The package is purged after the test whatever happens; skipped only where there is no dpkg.
 */
public class DebianPackageTest extends NetnsTestSupport {

    private static final Path OPT = Path.of("/opt/gost4j");
    private static final Path ETC = Path.of("/etc/gost4j");
    private static final Path UNIT = Path.of("/lib/systemd/system/gost4j.service");
    /** Left in /etc/gost4j by this test, so that a run killed half-way is recognised and purged by the next. */
    private static final Path MARKER = ETC.resolve(".installed-by-DebianPackageTest");
    private static final Duration DPKG_TIMEOUT = Duration.ofMinutes(2);
    private static final String EDITED_CONFIG = """
            # edited by DebianPackageTest as an operator would: a server for clients of every address, with a route
            services:
            - name: vpn
              addr: :8421
              handler: {type: tun}
              listener:
                type: tun
                metadata: {name: tun0, net: 192.168.123.1/24, route: 172.31.99.0/24}
            """;

    private boolean userExisted;
    private Process service;

    @BeforeClass
    public static void requireDpkg() {
        Assume.assumeTrue("no dpkg on this machine (not Debian): the Debian package is not tested", TestEnv.onPath("dpkg"));
    }

    @Override
    protected String[] requiredCommands() {
        return new String[] {"ss", "systemd-analyze", "setpriv", "unshare", "adduser"};
    }

    @Before
    public void noOtherGost4jPackage() throws IOException {
        if (installed()) {
            if (!Files.exists(MARKER)) {
                fail("a gost4j package not installed by this test is on this machine; the test would replace it "
                        + "(dpkg --purge gost4j first)");
            }
            host("dpkg", "--purge", "gost4j").check("purging the package a killed run left");
        }
        userExisted = host("getent", "passwd", "gost4j").ok();
    }

    @After
    public void purge() {
        if (service != null) {
            Netns.terminate(service, Duration.ofSeconds(10));
        }
        if (installed()) {
            host("dpkg", "--purge", "gost4j").check("dpkg --purge gost4j");
        }
        if (!userExisted && host("getent", "passwd", "gost4j").ok()) {
            host("userdel", "gost4j");
            host("groupdel", "gost4j"); // where userdel left the user's group
        }
    }

    @Test(timeout = 300_000)
    public void installsRunsAsItsUnitSaysAndRemovesCleanly() throws Exception {
        Path deb = TestEnv.home().resolveSibling("gost4j_" + debianVersion() + "_all.deb");
        assertTrue(deb + " not built (mvn package builds it in distribution/)", Files.isRegularFile(deb));
        host("dpkg", "-i", deb.toString()).check("dpkg -i " + deb);
        Files.writeString(MARKER, "");
        host("chown", "gost4j:gost4j", MARKER.toString()).check("chown " + MARKER);
        Files.setPosixFilePermissions(MARKER, PosixFilePermissions.fromString("rw-------"));
        assertEquals(debianVersion(), host("dpkg-query", "-W", "-f=${Version}", "gost4j").output().trim());

        Netns.Result version = host(OPT.resolve("bin/gost4j").toString(), "-V").check("/opt/gost4j/bin/gost4j -V");
        assertTrue(version.output(), version.output().startsWith("gost4j " + TestEnv.version() + " "));

        Netns.Result verify = host("systemd-analyze", "verify", UNIT.toString());
        assertTrue("systemd-analyze verify: " + verify, verify.ok() && !verify.output().contains("gost4j.service"));

        String conffiles = host("dpkg-query", "-W", "-f=${Conffiles}", "gost4j").output();
        for (String file : List.of("gost.yaml", "gost4j.jolokia.cfg", "jolokia-access.xml", "logging.properties",
                "examples/vpn-server.yaml")) {
            assertTrue(file + " is no conffile: " + conffiles, conffiles.contains(ETC.resolve(file) + " "));
        }
        assertOwnersOnly(ETC);
        assertEquals(ETC, OPT.resolve("config").toRealPath());

        Map<String, String> unit = serviceSection(UNIT);
        runAsTheUnitDoes(unit);

        // an upgrade (here: the same package again) keeps the operator's edit and what the service made
        host("dpkg", "-i", deb.toString()).check("dpkg -i again");
        assertEquals(EDITED_CONFIG, Files.readString(ETC.resolve("gost.yaml")));
        assertOwnersOnly(ETC);

        host("dpkg", "-r", "gost4j").check("dpkg -r gost4j");
        assertFalse(OPT + " left by dpkg -r", Files.exists(OPT, LinkOption.NOFOLLOW_LINKS));
        assertEquals("remove keeps the edited configuration", EDITED_CONFIG, Files.readString(ETC.resolve("gost.yaml")));
        assertEquals("deinstall ok config-files", host("dpkg-query", "-W", "-f=${Status}", "gost4j").output().trim());

        host("dpkg", "--purge", "gost4j").check("dpkg --purge gost4j");
        assertFalse(ETC + " left by dpkg --purge", Files.exists(ETC));
        assertFalse("/var/lib/" + unit.get("StateDirectory") + " left by dpkg --purge",
                Files.exists(Path.of("/var/lib", unit.get("StateDirectory"))));
        assertFalse("/var/cache/" + unit.get("CacheDirectory") + " left by dpkg --purge",
                Files.exists(Path.of("/var/cache", unit.get("CacheDirectory"))));
        assertFalse("still known to dpkg after purge", installed());
    }

    /**
     * Runs the unit's ExecStart in the server's namespace with the unit's user, group, capabilities (ambient and
     * bounding set), no_new_privs, umask, environment, state directory and file system sandbox, through setpriv
     * and {@link #sandbox}, as systemd would without being there (no systemd runs here): the shipped gost.yaml
     * serves on loopback only; the operator's edit of it is applied while it runs, then a client appliance pings
     * through the tunnel and a route of the file is on the device.
     */
    private void runAsTheUnitDoes(Map<String, String> unit) throws Exception {
        String user = unit.get("User");
        Path state = Path.of("/var/lib", unit.get("StateDirectory"));
        Path cache = Path.of("/var/cache", unit.get("CacheDirectory"));
        // what systemd does for StateDirectory= and CacheDirectory= before it starts the service
        for (Path dir : List.of(state, cache)) {
            Files.createDirectories(dir);
            Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
            host("chown", user + ":" + unit.get("Group"), dir.toString()).check("chown " + dir);
        }
        assertEquals("CAP_NET_ADMIN", unit.get("AmbientCapabilities"));
        String caps = "-all,+" + unit.get("AmbientCapabilities").toLowerCase().replace("cap_", "");
        String bounding = "-all,+" + unit.get("CapabilityBoundingSet").toLowerCase().replace("cap_", "");

        List<String> command = new ArrayList<>(List.of("unshare", "-m", "sh", "-c", sandbox(unit, state, cache),
                "sh", "env", "-i", "PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"));
        command.addAll(List.of(unit.get("Environment").split("\\s+")));
        command.addAll(List.of(
                "setpriv", "--reuid", user, "--regid", unit.get("Group"), "--init-groups",
                "--inh-caps", caps, "--ambient-caps", caps, "--bounding-set", bounding));
        if ("yes".equals(unit.get("NoNewPrivileges"))) {
            command.add("--no-new-privs");
        }
        command.addAll(List.of("sh", "-c", "umask " + unit.get("UMask") + " && exec " + unit.get("ExecStart")));
        Path log = lab.workDir().resolve("service.log");
        service = lab.spawn(SRV, log, Map.of(), command.toArray(String[]::new));

        awaitService(log, "gost4j0", "(\\[::ffff:)?127\\.0\\.0\\.1\\]?");
        Files.writeString(ETC.resolve("gost.yaml"), EDITED_CONFIG); // keeps the file's owner and mode
        awaitService(log, "tun0", "(\\*|\\[::\\])");
        String status = Files.readString(Path.of("/proc", Long.toString(service.pid()), "status"));
        String uid = host("id", "-u", user).output().trim();
        assertTrue("not running as " + user + ": " + status, status.contains("\nUid:\t" + uid + "\t" + uid));
        assertTrue("more than CAP_NET_ADMIN: " + status, status.contains("\nCapEff:\t0000000000001000\n")
                && status.contains("\nCapBnd:\t0000000000001000\n") && status.contains("\nNoNewPrivs:\t1\n"));

        appliance(CLI, "-L", CLIENT_URL);
        assertPing(CLI, SRV_TUN_IP, Duration.ofSeconds(20));
        String routes = lab.exec(SRV, Duration.ofSeconds(5), "ip", "route", "show", "dev", "tun0").output();
        assertTrue("the file's route is not on tun0: " + routes, routes.contains("172.31.99.0/24"));
        // the first start made the management users beside gost4j.jolokia.cfg, through /opt/gost4j/config
        assertTrue("no management.passwords made: " + Files.readString(log),
                Files.isRegularFile(ETC.resolve("management.passwords")));
        assertFalse("an error in the service's log: " + Files.readString(log), Files.readString(log).contains(" SEVERE "));
        assertOwnersOnly(ETC);
        assertOwnersOnly(state);

        assertTrue("the service did not stop within 10 s of SIGTERM", Netns.terminate(service, Duration.ofSeconds(10)));
        int exit = service.waitFor();
        assertTrue("exit status " + exit + " is neither 0 nor the unit's SuccessExitStatus: " + Files.readString(log),
                exit == 0 || String.valueOf(exit).equals(unit.get("SuccessExitStatus")));
        // its first run archived the classes it loaded for the next start (bin/gost4j, GOST4J_CDS), the service's
        // only (the JVM writes it read-only: r--------)
        try (Stream<Path> files = Files.list(cache)) {
            List<Path> archives = files.filter(f -> f.getFileName().toString().matches("gost4j-\\d+\\.jsa\\.\\d+"))
                    .toList();
            assertEquals("class-data sharing archives in " + cache + ": " + Files.readString(log), 1, archives.size());
            assertEquals("gost4j", Files.getOwner(archives.get(0)).getName());
            assertEquals("r--------", PosixFilePermissions.toString(Files.getPosixFilePermissions(archives.get(0))));
        }
    }

    /**
     * A script that sets up, in the private mount namespace of {@code unshare -m}, what systemd's settings of the
     * unit give the service, then runs its arguments: /dev/net/tun as a Debian host has it (crw-rw-rw-, from udev;
     * a container such as CI's may have it crw------- for root only), ProtectSystem=strict (everything read-only
     * but ReadWritePaths and the state and cache directories: bind mounts of their own, then / remounted
     * read-only; a bind remount changes this namespace's mount alone), PrivateTmp and ProtectHome. The machine
     * never sees them.
     */
    private static String sandbox(Map<String, String> unit, Path state, Path cache) {
        assertEquals("strict", unit.get("ProtectSystem"));
        assertEquals("yes", unit.get("PrivateTmp"));
        assertEquals("yes", unit.get("ProtectHome"));
        StringBuilder script = new StringBuilder("set -e\n"
                + "mount -t tmpfs -o mode=0755 tmpfs /dev/net\n"
                + "mknod -m 0666 /dev/net/tun c 10 200\n");
        List<String> writable = new ArrayList<>(List.of(unit.getOrDefault("ReadWritePaths", "").split("\\s+")));
        writable.removeIf(String::isEmpty);
        writable.add(state.toString());
        writable.add(cache.toString());
        for (String path : writable) {
            script.append("mount --bind ").append(path).append(' ').append(path).append('\n');
        }
        return script.append("mount -t tmpfs -o mode=1777 tmpfs /tmp\n"
                + "mount -t tmpfs -o mode=1777 tmpfs /var/tmp\n"
                + "mount -t tmpfs -o ro,mode=0755 tmpfs /home\n"
                + "mount -t tmpfs -o ro,mode=0755 tmpfs /root\n"
                + "mount -o remount,bind,ro /\n"
                + "cd /\n"
                + "exec \"$@\"\n").toString();
    }

    /**
     * Waits until the service's device is up and one UDP socket is bound to port 8421, its local address matching
     * {@code address} (ss writes an IPv4 address bound on an IPv6 socket as {@code [::ffff:127.0.0.1]}).
     */
    private void awaitService(Path log, String device, String address) throws IOException {
        long deadline = System.nanoTime() + Duration.ofSeconds(40).toNanos();
        String sockets = "";
        while (!(lab.isUp(SRV, device) && sockets.strip().lines().count() == 1
                && sockets.strip().split("\\s+")[3].matches(address + ":" + PORT))) {
            assertTrue("the service's command exited: " + Files.readString(log), service.isAlive());
            assertTrue("no " + device + " up with one UDP socket on " + address + ":" + PORT + " within 40 s (ss: "
                    + sockets + "): " + Files.readString(log), System.nanoTime() < deadline);
            Netns.sleep(200);
            sockets = lab.exec(SRV, Duration.ofSeconds(5), "ss", "-Hlun", "sport = :" + PORT).output();
        }
    }

    /** Every file and folder under {@code dir} belongs to gost4j and to nobody else (0600 files, 0700 folders). */
    private static void assertOwnersOnly(Path dir) throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path file : files.collect(Collectors.toList())) {
                PosixFileAttributes attributes = Files.readAttributes(file, PosixFileAttributes.class,
                        LinkOption.NOFOLLOW_LINKS);
                String expected = attributes.isDirectory() ? "rwx------" : "rw-------";
                assertEquals(file + " owner", "gost4j", attributes.owner().getName());
                assertEquals(file + " group", "gost4j", attributes.group().getName());
                assertEquals(file + " mode", expected, PosixFilePermissions.toString(attributes.permissions()));
            }
        }
    }

    /** The {@code [Service]} section's settings (the last one of a name wins; none is repeated in ours). */
    private static Map<String, String> serviceSection(Path unit) throws IOException {
        Map<String, String> settings = new LinkedHashMap<>();
        String section = "";
        for (String line : Files.readAllLines(unit)) {
            String text = line.strip();
            if (text.startsWith("[")) {
                section = text;
            } else if (section.equals("[Service]") && !text.isEmpty() && !text.startsWith("#") && text.contains("=")) {
                settings.put(text.substring(0, text.indexOf('=')), text.substring(text.indexOf('=') + 1));
            }
        }
        return settings;
    }

    /** jdeb's Debian version of a Maven version: 0.1.0-SNAPSHOT is 0.1.0~snapshot, sorting before 0.1.0. */
    private static String debianVersion() {
        return TestEnv.version().replaceFirst("-SNAPSHOT$", "~snapshot");
    }

    /** Whether dpkg has the package in any state but not-installed (its configuration left, say). */
    private static boolean installed() {
        Netns.Result status = host("dpkg-query", "-W", "-f=${Status}", "gost4j");
        return status.ok() && !status.output().contains("not-installed");
    }

    private static Netns.Result host(String... command) {
        return Netns.run(List.of(command), null, DPKG_TIMEOUT);
    }
}
