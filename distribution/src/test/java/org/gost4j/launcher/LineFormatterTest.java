package org.gost4j.launcher;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.util.logging.Level;
import java.util.logging.LogRecord;

import org.junit.Test;

public class LineFormatterTest {

    @Test
    public void printsTimeLevelShortNameAndMessage() {
        LogRecord record = new LogRecord(Level.INFO, "gost4j started in {0} ms");
        record.setLoggerName("org.gost4j.launcher.Appliance");
        record.setParameters(new Object[] {812});
        String line = new LineFormatter().format(record);
        assertTrue(line, line.matches("\\d\\d:\\d\\d:\\d\\d\\.\\d{3} INFO    Appliance: gost4j started in 812 ms\\R"));
    }

    /** GOST's {@code format: json}: one object a line, GOST's level names, text escaped. */
    @Test
    public void jsonLinesAsGostWritesThem() {
        LogRecord record = new LogRecord(Level.FINE, "client \"a\"\tfrom\n[fd00::2]:1\u0001");
        record.setLoggerName("org.gost4j.tunnel.internal.TunServer");
        String line = new JsonLineFormatter().format(record);
        assertTrue(line, line.matches("\\{\"time\":\"\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}(Z|[+-]\\d\\d:\\d\\d)\","
                + "\"level\":\"debug\",\"msg\":\"client \\\\\"a\\\\\"\\\\tfrom\\\\n\\[fd00::2\\]:1\\\\u0001\","
                + "\"logger\":\"TunServer\"\\}\\R"));
        assertEquals("trace", JsonLineFormatter.levelName(Level.FINER));
        assertEquals("info", JsonLineFormatter.levelName(Level.INFO));
        assertEquals("warn", JsonLineFormatter.levelName(Level.WARNING));
        assertEquals("error", JsonLineFormatter.levelName(Level.SEVERE));
    }
}
