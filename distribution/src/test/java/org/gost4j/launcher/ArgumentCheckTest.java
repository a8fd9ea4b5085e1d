package org.gost4j.launcher;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.DatagramSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalInt;

import org.junit.Test;

public class ArgumentCheckTest {

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @Test
    public void helpPrintsUsageAndExitsZero() {
        assertEquals(OptionalInt.of(0), check("-h"));
        String usage = text(out);
        assertTrue(usage, usage.startsWith("Usage: gost4j -L url"));
        assertTrue(usage, usage.contains("mtu=N                  interface MTU, 68..65535 (default 1350)"));
        assertTrue(usage, usage.contains("(default 10s)"));
        assertTrue(usage, usage.contains("gost4j -L \"tun://:8421?net=192.168.123.1/24\""));
        assertEquals("", text(err));
    }

    /** Issue 18: GOST's -V, with the version the build filtered in. */
    @Test
    public void versionPrintsTheBuildsVersionAndExitsZero() {
        assertEquals(OptionalInt.of(0), check("-V", "-L", "tun://:1?net=bad"));
        assertTrue(Version.project(), Version.project().matches("\\d+\\.\\d+\\.\\d+(-SNAPSHOT)?"));
        assertEquals("gost4j " + Version.project() + " (java " + System.getProperty("java.version") + " ",
                text(out).substring(0, text(out).lastIndexOf(' ') + 1));
        assertTrue(text(out), text(out).matches("gost4j \\S+ \\(java \\S+ [a-z0-9_]+/[a-z0-9_]+\\)\\R"));
        assertEquals("", text(err));
    }

    @Test
    public void badOptionExitsTwoWithHint() {
        assertEquals(OptionalInt.of(2), check("-X"));
        assertEquals("gost4j: unknown option '-X'\ntry 'gost4j -h'\n", text(err).replace(System.lineSeparator(), "\n"));
        assertEquals("", text(out));
    }

    @Test
    public void everyUrlIsValidatedBeforeStarting() {
        assertEquals(OptionalInt.of(2), check("-L", "tun://:8421?net=10.0.0.1/24", "-L", "udp://x"));
        assertTrue(text(err), text(err).startsWith("gost4j: service URL 'udp://x': unsupported scheme 'udp'"));
    }

    @Test
    public void noArgumentsIsAnError() {
        assertEquals(OptionalInt.of(2), check());
        assertTrue(text(err), text(err).startsWith("gost4j: no service given: use -L url or -C file"));
    }

    @Test
    public void validCommandLineStarts() {
        assertEquals(OptionalInt.empty(), check("-L", "tun://:8421?net=192.168.123.1/24",
                "-L=tun://:0/10.0.0.1:8421?net=192.168.123.2/24"));
        assertEquals("", text(out) + text(err));
    }

    /** Issue 17: the launcher applied fewer rules than the tunnel; now the same model refuses it at once. */
    @Test
    public void aBufferSizeTheTunnelWouldRefuseExitsTwo() {
        assertEquals(OptionalInt.of(2), check("-L", "tun://:8421?net=10.0.0.1/24&buffersize=50"));
        assertEquals("gost4j: service URL 'tun://:8421?net=10.0.0.1/24&buffersize=50': option buffersize: '50' is not"
                + " in 68..65535\ntry 'gost4j -h'\n", text(err).replace(System.lineSeparator(), "\n"));
    }

    /** Issue 16 item 8: what would break the service once started is caught before, in one line. */
    @Test
    public void whatWouldFailAtStartExitsTwoInOneLine() throws Exception {
        assertOneLine("gost4j: service-0: remote address 'no-such-host.invalid:8421': cannot resolve host"
                + " no-such-host.invalid", "-L", "tun://:0/no-such-host.invalid:8421?net=10.0.0.2/24");
        assertOneLine("gost4j: service-0: certFile '/no/such/cert.pem': no such file",
                "-L", "relay+wss://:8443?certFile=/no/such/cert.pem&keyFile=/no/such/key.pem");
        try (DatagramSocket taken = new DatagramSocket(0)) {
            int port = taken.getLocalPort();
            assertOneLine("gost4j: service-0: listen address udp :" + port + ": port in use or not available",
                    "-L", "tun://:" + port + "?net=10.0.0.1/24");
        }
        assertOneLine("gost4j: service-0: listen address tcp no-such-host.invalid:8443: cannot resolve host"
                + " no-such-host.invalid", "-L", "relay+tls://no-such-host.invalid:8443");
        assertOneLine("gost4j: service-1: listen address udp 127.0.0.1:8421 is taken by service service-0",
                "-L", "tun://:8421?net=10.0.0.1/24", "-L", "tap://127.0.0.1:8421");
        assertOneLine("gost4j: service-1: device tun7 is taken by service service-0",
                "-L", "tun://:8421?net=10.0.0.1/24&name=tun7", "-L", "tun://:8422?net=10.0.1.1/24&name=tun7");
    }

    /** A relay's TLS files that Netty would not read fail the relay at start: refused before, saying why. */
    @Test
    public void relayTlsFilesThatHoldNoPemCertificateOrPkcs8KeyExitTwo() throws Exception {
        Path dir = Files.createTempDirectory("gost4j-pem");
        try {
            Path cert = Files.writeString(dir.resolve("cert.pem"), "-----BEGIN CERTIFICATE-----\nAA==\n"
                    + "-----END CERTIFICATE-----\n");
            Path text = Files.writeString(dir.resolve("notes.txt"), "root:x:0:0:root:/root:/bin/bash\n");
            Path rsa = Files.writeString(dir.resolve("rsa.key"), "-----BEGIN RSA PRIVATE KEY-----\nAA==\n"
                    + "-----END RSA PRIVATE KEY-----\n");
            assertOneLine("gost4j: service-0: certFile '" + text + "': not a PEM certificate",
                    "-L", "relay+tls://:8443?certFile=" + text + "&keyFile=" + text);
            assertOneLine("gost4j: service-0: keyFile '" + rsa + "': not an unencrypted PKCS#8 PEM key (openssl pkcs8"
                    + " -topk8 -nocrypt converts one)", "-L", "relay+wss://:8443?certFile=" + cert + "&keyFile=" + rsa);
        } finally {
            try (var files = Files.walk(dir)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    /** Issue 16 item 9: -C on something that is not a regular file is refused at once. */
    @Test(timeout = 10_000)
    public void aConfigFileThatIsNoFileExitsTwo() {
        assertOneLine("gost4j: /dev/zero: not a regular file", "-C", "/dev/zero");
    }

    private void assertOneLine(String expectedStart, String... args) {
        err.reset();
        assertEquals(OptionalInt.of(2), check(args));
        String printed = text(err);
        assertTrue(printed, printed.startsWith(expectedStart));
        assertEquals(printed, 1, printed.split("\\R").length);
    }

    private OptionalInt check(String... args) {
        return ArgumentCheck.exitStatus(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    private static String text(ByteArrayOutputStream stream) {
        return stream.toString(StandardCharsets.UTF_8);
    }
}
