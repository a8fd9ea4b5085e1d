package org.gost4j.launcher;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
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

    private OptionalInt check(String... args) {
        return ArgumentCheck.exitStatus(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    private static String text(ByteArrayOutputStream stream) {
        return stream.toString(StandardCharsets.UTF_8);
    }
}
