package org.gost4j.launcher;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.Logger;

import org.gost4j.config.file.LogSettings;
import org.junit.After;
import org.junit.Test;

/** GOST's {@code log: {level, format, output}} and {@code -D} applied to java.util.logging (restored after). */
public class AppLoggingTest {

    private final Logger root = Logger.getLogger("");
    private final Handler[] rootHandlers = root.getHandlers();
    private final Level rootLevel = root.getLevel();
    private final Logger gost4j = Logger.getLogger("org.gost4j");
    private final Logger tunnel = Logger.getLogger("org.gost4j.tunnel.internal.TunServer");
    private final Logger library = Logger.getLogger("io.netty.Something");

    @After
    public void restore() {
        for (Handler handler : root.getHandlers()) {
            root.removeHandler(handler);
            handler.close();
        }
        for (Handler handler : rootHandlers) {
            root.addHandler(handler);
        }
        root.setLevel(rootLevel);
        gost4j.setLevel(null);
    }

    @Test
    public void debugToAFileAsJsonForGost4jOnly() throws IOException {
        Path dir = Files.createTempDirectory("gost4j-log");
        Path file = dir.resolve("logs/gost4j.log");
        AppLogging.apply(new LogSettings("debug", "json", file.toString()));
        tunnel.fine("keepalive from [fd00::2]:1");
        library.fine("library detail");
        tunnel.info("client registered");
        List<String> lines = Files.readAllLines(file);
        assertEquals(lines.toString(), 2, lines.size());
        assertTrue(lines.get(0), lines.get(0).contains("\"level\":\"debug\",\"msg\":\"keepalive from [fd00::2]:1\""));
        assertTrue(lines.get(1), lines.get(1).contains("\"level\":\"info\""));
        assertEquals("rw-r-----", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
    }

    @Test
    public void aLevelAboveInfoQuietsTheLibrariesToo() throws IOException {
        Path file = Files.createTempFile("gost4j-log", ".log");
        AppLogging.apply(new LogSettings("warn", null, file.toString()));
        tunnel.info("not shown");
        library.info("not shown either");
        library.warning("shown");
        assertEquals(1, Files.readAllLines(file).size());
        assertTrue(Files.readString(file), Files.readString(file).contains("WARNING Something: shown"));
    }

    @Test
    public void noneDropsEverythingAndAnUnwritableFileSaysWhy() throws IOException {
        AppLogging.apply(new LogSettings(null, null, "none"));
        assertEquals(0, root.getHandlers().length);
        Path blocker = Files.createTempFile("gost4j-log", ".txt"); // a file where a directory should be
        try {
            AppLogging.apply(new LogSettings(null, null, blocker.resolve("gost4j.log").toString()));
            fail("opened a file under a regular file");
        } catch (IOException e) {
            assertEquals("log.output '" + blocker.resolve("gost4j.log") + "': cannot open: " + blocker
                    + " is not a directory", e.getMessage());
        }
    }
}
