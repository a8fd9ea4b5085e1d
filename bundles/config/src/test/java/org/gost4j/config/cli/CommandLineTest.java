package org.gost4j.config.cli;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.util.List;

import org.junit.Test;

public class CommandLineTest {

    @Test
    public void collectsRepeatedServiceUrlsInOrder() {
        CommandLine cl = CommandLine.parse("-L", "tun://:8421?net=10.1.0.1/24", "-L=tap://:8422", "--L", "tun://:1");
        assertFalse(cl.isHelp());
        assertEquals(List.of("tun://:8421?net=10.1.0.1/24", "tap://:8422", "tun://:1"), cl.serviceUrls());
    }

    @Test
    public void keepsEqualsSignsInsideTheUrl() {
        assertEquals(List.of("tun://:1?net=10.0.0.1/24&mtu=1400"),
                CommandLine.parse("-L=tun://:1?net=10.0.0.1/24&mtu=1400").serviceUrls());
    }

    @Test
    public void helpWinsOverEverythingAfterIt() {
        assertTrue(CommandLine.parse("-h").isHelp());
        assertTrue(CommandLine.parse("--help", "-X").isHelp());
        assertTrue(CommandLine.parse("-L", "tun://:1", "-h").isHelp());
    }

    /** Issue 18: GOST's -V, -D and -DD. */
    @Test
    public void versionDebugAndTraceAsInGost() {
        assertTrue(CommandLine.parse("-V").isVersion());
        assertTrue(CommandLine.parse("-L", "tun://:1", "-V", "-X").isVersion());
        assertFalse(CommandLine.parse("-L", "tun://:1").isVersion());
        assertEquals(null, CommandLine.parse("-L", "tun://:1").logLevel());
        assertEquals("debug", CommandLine.parse("-D", "-L", "tun://:1").logLevel());
        assertEquals("debug", CommandLine.parse("-L", "tun://:1", "--D=true").logLevel());
        assertEquals(null, CommandLine.parse("-L", "tun://:1", "-D=false").logLevel());
        assertEquals("trace", CommandLine.parse("-DD", "-D", "-L", "tun://:1").logLevel());
        assertEquals(List.of("tun://:1"), CommandLine.parse("-D", "-L", "tun://:1").serviceUrls());
        assertMessage("-D takes no value other than true or false, not 'yes'", "-D=yes", "-L", "tun://:1");
        assertMessage("no service given: use -L url or -C file", "-D");
    }

    @Test
    public void rejectsNoService() {
        assertMessage("no service given: use -L url or -C file");
    }

    @Test
    public void rejectsMissingValue() {
        assertMessage("-L needs a value: a service URL such as tun://:8421?net=192.168.123.1/24", "-L");
        assertMessage("-L needs a value: a service URL such as tun://:8421?net=192.168.123.1/24", "-L=");
    }

    @Test
    public void severalChainNodesAreTheHopsOfOneChainInOrder() {
        assertEquals(List.of("relay+tls://a:443", "relay+wss://b:8443"), CommandLine.parse("-L", "tun://:1",
                "-F", "relay+tls://a:443", "-F=relay+wss://b:8443").chainUrls());
    }

    @Test
    public void rejectsUnsupportedOptions() {
        assertMessage("-F needs a value: a chain node URL such as relay+wss://SERVER:8443", "-L", "tun://:1", "-F");
    }

    @Test
    public void takesOneConfigFile() {
        assertEquals("gost.yaml", CommandLine.parse("-C", "gost.yaml").configFile());
        assertEquals("g.json", CommandLine.parse("-C=g.json", "-L", "tun://:1").configFile());
        assertEquals(List.of("tun://:1"), CommandLine.parse("-C=g.json", "-L", "tun://:1").serviceUrls());
        assertMessage("-C is given more than once", "-C", "a.yaml", "-C", "b.yaml");
        assertMessage("-C needs a value: a configuration file (.yaml, .yml or .json)", "-C");
    }

    @Test
    public void rejectsUnknownOptionsAndStrayArguments() {
        assertMessage("unknown option '-X'", "-X");
        assertMessage("unknown option '--verbose'", "-L", "tun://:1", "--verbose");
        assertMessage("unexpected argument 'tun://:1' (service URLs follow -L)", "tun://:1");
    }

    private static void assertMessage(String expected, String... args) {
        CliException e = assertThrows(CliException.class, () -> CommandLine.parse(args));
        assertEquals(expected, e.getMessage());
    }
}
